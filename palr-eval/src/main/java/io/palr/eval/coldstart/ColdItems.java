package io.palr.eval.coldstart;

import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The cold items of the item-cold-start protocol: the newest share of the catalogue by first
 * interaction time (items nobody interacted with count as newest; ties go to the higher catalogue
 * index). They are kept out of everything that trains ({@link
 * LeaveOneOutSplit#withHeldOutOfTraining}); test users whose test item is cold are the cold group,
 * the others the warm group.
 *
 * <p>Data sets without timestamps order interactions by position; there "first interaction time" is
 * the earliest position at which an item occurs in any sequence, a weak proxy for its age.
 */
public final class ColdItems {
  private final BitSet items;
  private final double fraction;
  private final long firstColdTime;

  private ColdItems(BitSet items, double fraction, long firstColdTime) {
    this.items = items;
    this.fraction = fraction;
    this.firstColdTime = firstColdTime;
  }

  /**
   * The newest {@code fraction} of the catalogue (rounded, at least one item when {@code fraction >
   * 0}).
   */
  public static ColdItems newest(InteractionDataset data, double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("cold item fraction must be in [0, 1): " + fraction);
    }
    int n = data.numItems();
    long[] first = new long[n];
    Arrays.fill(first, Long.MAX_VALUE);
    for (int u = 0; u < data.numUsers(); u++) {
      for (int p = 0; p < data.length(u); p++) {
        int i = data.itemAt(u, p);
        first[i] = Math.min(first[i], data.timestampAt(u, p));
      }
    }
    int count = fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * n));
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.comparingLong((Integer i) -> first[i]).thenComparingInt(i -> i).reversed());
    BitSet cold = new BitSet(n);
    long firstCold = Long.MAX_VALUE;
    for (int r = 0; r < count; r++) {
      cold.set(order[r]);
      firstCold = Math.min(firstCold, first[order[r]]);
    }
    return new ColdItems(cold, fraction, firstCold);
  }

  /** The cold items (a copy). */
  public BitSet items() {
    return (BitSet) items.clone();
  }

  /** Whether catalogue item {@code item} is cold. */
  public boolean isCold(int item) {
    return items.get(item);
  }

  /** Number of cold items. */
  public int count() {
    return items.cardinality();
  }

  /** The requested share. */
  public double fraction() {
    return fraction;
  }

  /**
   * The split to train on: the same users and targets, cold items out of every training sequence.
   */
  public LeaveOneOutSplit trainingSplit(LeaveOneOutSplit split) {
    return split.withHeldOutOfTraining(items);
  }

  /** Split users whose test item is cold, in increasing order. */
  public int[] coldTestUsers(LeaveOneOutSplit split) {
    return IntStream.range(0, split.numUsers()).filter(u -> isCold(split.testItem(u))).toArray();
  }

  /** Split users whose test item is warm, in increasing order. */
  public int[] warmTestUsers(LeaveOneOutSplit split) {
    return IntStream.range(0, split.numUsers()).filter(u -> !isCold(split.testItem(u))).toArray();
  }

  /** One line for reports. */
  public String describe(LeaveOneOutSplit split) {
    return String.format(
        Locale.ROOT,
        "%d cold items (the newest %.0f%% by first interaction%s), kept out of SASRec, popularity and"
            + " instruction data; %d of %d test users have a cold test item",
        count(),
        100 * fraction,
        firstColdTime == Long.MAX_VALUE ? "" : ", first seen at or after " + firstColdTime,
        coldTestUsers(split).length,
        split.numUsers());
  }
}
