package io.palr.eval;

import io.palr.api.Item;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small data sets and scorers for tests. */
public final class TestData {
  private TestData() {}

  /** A catalogue of items {@code i0..i<n-1>} titled {@code Item k}. */
  public static Catalog catalog(int n) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(Item.of("i" + i, "Item " + i));
    }
    return Catalog.of(items);
  }

  /** A split over the given sequences, users named {@code u0, u1, ...}. */
  public static LeaveOneOutSplit split(int numItems, int[]... sequences) {
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < sequences.length; u++) {
      ids.add("u" + u);
    }
    return LeaveOneOutSplit.of(
        InteractionDataset.of("toy", catalog(numItems), ids, List.of(sequences), null));
  }

  /**
   * The hand-computed fixture of the evaluator tests: 10 items, users u0..u4 (u3 is too short).
   * Under the {@link #indexOrder} scorer (item 0 best), full ranking, the test positions are u0:1,
   * u1:7, u2:8, u4:2 and the validation positions u0:1, u1:5, u2:9, u4:3.
   */
  public static LeaveOneOutSplit handSplit() {
    return split(
        10,
        new int[] {0, 1, 2, 3},
        new int[] {5, 6, 4, 9},
        new int[] {9, 8, 7},
        new int[] {1, 2},
        new int[] {1, 3, 1});
  }

  /** Scores item {@code i} as {@code -i}: item 0 is best for every user. */
  public static ItemScorer indexOrder(int numItems) {
    return new ItemScorer() {
      @Override
      public int numItems() {
        return numItems;
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][numItems];
        for (float[] row : out) {
          for (int i = 0; i < numItems; i++) {
            row[i] = -i;
          }
        }
        return out;
      }
    };
  }

  /** The same score for every item. */
  public static ItemScorer constant(int numItems) {
    return new ItemScorer() {
      @Override
      public int numItems() {
        return numItems;
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        return new float[histories.size()][numItems];
      }
    };
  }

  /** A random data set of the given shape, each user with 3..maxLen distinct items. */
  public static LeaveOneOutSplit randomSplit(int numUsers, int numItems, int maxLen, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] seqs = new int[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      int len = 3 + rng.nextInt(maxLen - 2);
      seqs[u] = rng.ints(0, numItems).distinct().limit(len).toArray();
    }
    return split(numItems, seqs);
  }
}
