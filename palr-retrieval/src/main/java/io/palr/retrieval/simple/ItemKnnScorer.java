package io.palr.retrieval.simple;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.graph.CoOccurrenceGraph;
import java.util.Arrays;
import java.util.List;

/**
 * Item-to-item nearest neighbours on the co-occurrence graph: each of the user's most recent items
 * votes for its graph neighbours with the edge weight, recent items weighing more. A tiny
 * popularity prior breaks ties so that users whose items have no neighbours still get a sensible
 * ranking.
 */
public final class ItemKnnScorer implements ItemScorer {
  private final CoOccurrenceGraph graph;
  private final ItemKnnConfig config;
  private final float[] prior;

  private ItemKnnScorer(CoOccurrenceGraph graph, ItemKnnConfig config, float[] prior) {
    this.graph = graph;
    this.config = config;
    this.prior = prior;
  }

  /** Builds the graph from training sequences. */
  public static ItemKnnScorer fit(int numItems, List<int[]> sequences, ItemKnnConfig config) {
    CoOccurrenceGraph g =
        CoOccurrenceGraph.build(
            numItems,
            sequences,
            new CoOccurrenceGraph.Options(config.window(), config.maxNeighbours()));
    float max = 1;
    for (int i = 0; i < numItems; i++) {
      max = Math.max(max, g.popularity(i));
    }
    float[] prior = new float[numItems];
    for (int i = 0; i < numItems; i++) {
      prior[i] = 1e-6f * g.popularity(i) / max;
    }
    return new ItemKnnScorer(g, config, prior);
  }

  /** The underlying co-occurrence graph. */
  public CoOccurrenceGraph graph() {
    return graph;
  }

  @Override
  public int numItems() {
    return graph.numItems();
  }

  @Override
  public float[][] scoreAll(List<int[]> histories) {
    float[][] out = new float[histories.size()][];
    for (int b = 0; b < out.length; b++) {
      int[] h = histories.get(b);
      int[] recent =
          Arrays.copyOfRange(h, Math.max(0, h.length - config.historyLength()), h.length);
      float[] row = new float[numItems()];
      graph.score(recent, config.recencyDecay(), row);
      for (int i = 0; i < row.length; i++) {
        row[i] += prior[i];
      }
      out[b] = row;
    }
    return out;
  }
}
