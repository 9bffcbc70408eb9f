package io.palr.eval.protocol;

import io.palr.data.LeaveOneOutSplit;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws negatives for the sampled ranking protocol: distinct items that are neither the user's
 * target nor in the user's history, uniformly or with probability proportional to per-item weights
 * (successive sampling without replacement). Each user's negatives depend only on the seed and the
 * user's index, so results do not change with batch size, thread count or user selection.
 *
 * <p>Immutable and thread-safe.
 */
public final class NegativeSampler {
  private final int numItems;
  private final long seed;

  /** Cumulative weights, or null for uniform sampling. */
  private final double[] cumulative;

  private final double[] weights;

  private NegativeSampler(int numItems, long seed, double[] weights) {
    this.numItems = numItems;
    this.seed = seed;
    this.weights = weights;
    if (weights == null) {
      this.cumulative = null;
    } else {
      this.cumulative = new double[weights.length];
      double sum = 0;
      for (int i = 0; i < weights.length; i++) {
        sum += weights[i];
        cumulative[i] = sum;
      }
    }
  }

  /** A sampler that draws every eligible item with equal probability. */
  public static NegativeSampler uniform(int numItems, long seed) {
    if (numItems < 1) {
      throw new IllegalArgumentException("numItems must be >= 1: " + numItems);
    }
    return new NegativeSampler(numItems, seed, null);
  }

  /**
   * A sampler that draws items with probability proportional to {@code weights[item]}. Items of
   * weight 0 are drawn only when the positive-weight eligible items run out.
   *
   * @throws IllegalArgumentException if a weight is negative or not finite, or all are 0
   */
  public static NegativeSampler weighted(double[] weights, long seed) {
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            "weight of item " + i + " must be finite and >= 0: " + weights[i]);
      }
      sum += weights[i];
    }
    if (weights.length == 0 || sum <= 0) {
      throw new IllegalArgumentException("weights must have a positive sum");
    }
    return new NegativeSampler(weights.length, seed, weights.clone());
  }

  /**
   * A popularity sampler whose weights are the items' popularity in the split ({@link
   * #popularityCounts}).
   */
  public static NegativeSampler popularity(LeaveOneOutSplit split, long seed) {
    return weighted(popularityCounts(split), seed);
  }

  /**
   * Per-item popularity: interaction counts over all users' training sequences (validation and test
   * items not counted). This is palr's one popularity rule: the popularity baseline ({@code
   * PopularityScorer} fitted by {@code RetrievalModels.fit}), popularity-weighted negatives and the
   * cold-start fallback all count the training part only, the part every model is fitted on.
   */
  public static double[] popularityCounts(LeaveOneOutSplit split) {
    double[] counts = new double[split.numItems()];
    for (int u = 0; u < split.numUsers(); u++) {
      for (int item : split.train(u)) {
        counts[item]++;
      }
    }
    return counts;
  }

  /** Number of catalogue items. */
  public int numItems() {
    return numItems;
  }

  /**
   * Negatives for one user.
   *
   * @param user the user's index in the split (with the seed, it determines the draw)
   * @param target the user's target, never returned
   * @param history the user's history, never returned
   * @param n the number of negatives wanted
   * @return {@code min(n, eligible)} distinct item indices, in draw order
   */
  public int[] sample(int user, int target, int[] history, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    int[] excluded = Arrays.copyOf(history, history.length + 1);
    excluded[history.length] = target;
    Arrays.sort(excluded);
    int distinctExcluded = 0;
    for (int j = 0; j < excluded.length; j++) {
      int e = excluded[j];
      if (e < 0 || e >= numItems) {
        throw new IllegalArgumentException(
            "user " + user + ": item index " + e + " outside catalog of " + numItems);
      }
      if (j == 0 || excluded[j - 1] != e) {
        distinctExcluded++;
      }
    }
    int wanted = Math.min(n, numItems - distinctExcluded);
    int[] out = new int[wanted];
    if (wanted == 0) {
      return out;
    }
    SplittableRandom rng = new SplittableRandom(mix64(seed ^ mix64(user + 0x632BE59BD9B4E019L)));
    java.util.BitSet chosen = new java.util.BitSet(numItems);
    int count = 0;
    // Rejection: redraw items that are excluded or already chosen. This is exactly successive
    // sampling without
    // replacement; the attempt cap only matters when the excluded items hold most of the weight.
    long maxAttempts = 30L * wanted + 1000;
    double total = cumulative == null ? 0 : cumulative[numItems - 1];
    for (long a = 0; a < maxAttempts && count < wanted; a++) {
      int item =
          cumulative == null ? rng.nextInt(numItems) : drawWeighted(rng.nextDouble() * total);
      if (!chosen.get(item) && Arrays.binarySearch(excluded, item) < 0) {
        chosen.set(item);
        out[count++] = item;
      }
    }
    if (count < wanted) {
      count = fillExactly(out, count, chosen, excluded, rng);
    }
    return out;
  }

  /** The smallest item whose cumulative weight exceeds {@code r}: never a zero-weight item. */
  private int drawWeighted(double r) {
    int lo = 0;
    int hi = numItems - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * Completes the draw over the remaining eligible items with the same distribution as the
   * rejection loop (Efraimidis-Spirakis keys for positive weights, then a uniform shuffle of
   * zero-weight items).
   */
  private int fillExactly(
      int[] out, int count, java.util.BitSet chosen, int[] excluded, SplittableRandom rng) {
    int needed = out.length - count;
    int[] positive = new int[numItems];
    double[] keys = new double[numItems];
    int np = 0;
    int[] zero = new int[numItems];
    int nz = 0;
    for (int i = 0; i < numItems; i++) {
      if (chosen.get(i) || Arrays.binarySearch(excluded, i) >= 0) {
        continue;
      }
      double w = weights == null ? 1.0 : weights[i];
      if (w > 0) {
        positive[np] = i;
        keys[np] = Math.log(rng.nextDouble()) / w; // larger is better
        np++;
      } else {
        zero[nz++] = i;
      }
    }
    Integer[] order = new Integer[np];
    for (int i = 0; i < np; i++) {
      order[i] = i;
    }
    final double[] k = keys;
    Arrays.sort(order, (x, y) -> Double.compare(k[y], k[x]));
    for (int i = 0; i < np && count < out.length; i++) {
      out[count++] = positive[order[i]];
    }
    for (int i = 0; i < nz && count < out.length; i++) {
      int j = i + rng.nextInt(nz - i);
      int t = zero[i];
      zero[i] = zero[j];
      zero[j] = t;
      out[count++] = zero[i];
    }
    if (count != out.length) {
      throw new AssertionError("eligible item count mismatch: " + count + " of " + needed);
    }
    return count;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
