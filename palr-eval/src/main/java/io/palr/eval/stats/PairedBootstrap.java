package io.palr.eval.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The paired bootstrap test on per-user differences {@code a[i] - b[i]}: {@code B} resamples of the
 * users with replacement (seeded), the mean difference of each, a 95% percentile confidence
 * interval, and the two-sided p-value {@code min(1, 2 * (min(#{mean* <= 0}, #{mean* >= 0}) + 1) /
 * (B + 1))}: how often the resampled difference falls on the other side of zero (the +1 keeps the
 * p-value of a finite bootstrap above 0).
 *
 * <p>Immutable and thread-safe; the same seed and inputs give the same result.
 */
public final class PairedBootstrap {
  private final int resamples;
  private final long seed;

  /**
   * A bootstrap test.
   *
   * @param resamples the number of resamples B, at least 100 (1000 to 10000 is usual)
   * @param seed the seed
   */
  public PairedBootstrap(int resamples, long seed) {
    if (resamples < 100) {
      throw new IllegalArgumentException("use at least 100 resamples: " + resamples);
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /**
   * The outcome of a paired bootstrap.
   *
   * @param n number of pairs
   * @param meanDifference observed mean of {@code a - b}
   * @param ciLow 2.5th percentile of the resampled mean differences
   * @param ciHigh 97.5th percentile of the resampled mean differences
   * @param pValue two-sided p-value (see the class description)
   * @param resamples the number of resamples
   */
  public record Result(
      int n, double meanDifference, double ciLow, double ciHigh, double pValue, int resamples) {}

  /** The number of resamples. */
  public int resamples() {
    return resamples;
  }

  /**
   * Runs the bootstrap.
   *
   * @throws IllegalArgumentException if the lengths differ, no pair is given, or a value is not
   *     finite
   */
  public Result test(double[] a, double[] b) {
    double[] d = Paired.differences(a, b);
    int n = d.length;
    if (n < 1) {
      throw new IllegalArgumentException("the bootstrap needs at least 1 pair");
    }
    double observed = 0;
    for (double x : d) {
      observed += x;
    }
    observed /= n;
    SplittableRandom rng = new SplittableRandom(seed);
    double[] means = new double[resamples];
    int atOrBelow = 0;
    int atOrAbove = 0;
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += d[rng.nextInt(n)];
      }
      double m = s / n;
      means[r] = m;
      if (m <= 0) {
        atOrBelow++;
      }
      if (m >= 0) {
        atOrAbove++;
      }
    }
    Arrays.sort(means);
    double p = Math.min(1.0, 2.0 * (Math.min(atOrBelow, atOrAbove) + 1) / (resamples + 1));
    return new Result(
        n, observed, percentile(means, 0.025), percentile(means, 0.975), p, resamples);
  }

  /** Linear interpolation between order statistics (the "R-7" definition). */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
