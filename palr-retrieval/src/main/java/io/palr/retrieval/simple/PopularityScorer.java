package io.palr.retrieval.simple;

import io.palr.api.scoring.ItemScorer;
import java.util.List;

/**
 * Scores items by how often they occur in the training data, the same for every user: the
 * non-personalised floor every other retriever must beat, and the cold-start fallback.
 */
public final class PopularityScorer implements ItemScorer {
  private final float[] counts;

  private PopularityScorer(float[] counts) {
    this.counts = counts;
  }

  /** Counts item occurrences in the given sequences over a catalogue of {@code numItems} items. */
  public static PopularityScorer fit(int numItems, Iterable<int[]> sequences) {
    float[] c = new float[numItems];
    for (int[] s : sequences) {
      for (int i : s) {
        c[i]++;
      }
    }
    return new PopularityScorer(c);
  }

  @Override
  public int numItems() {
    return counts.length;
  }

  /** The occurrence count of one item. */
  public float count(int item) {
    return counts[item];
  }

  @Override
  public float[][] scoreAll(List<int[]> histories) {
    float[][] out = new float[histories.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts.clone();
    }
    return out;
  }
}
