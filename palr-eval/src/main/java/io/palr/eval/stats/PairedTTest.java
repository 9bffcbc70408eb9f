package io.palr.eval.stats;

/**
 * The paired two-sided t-test on per-user differences {@code a[i] - b[i]}: {@code t = mean / (sd /
 * sqrt(n))} with {@code n - 1} degrees of freedom, and the 95% confidence interval of the mean
 * difference.
 */
public final class PairedTTest {
  private PairedTTest() {}

  /**
   * The outcome of a paired t-test.
   *
   * @param n number of pairs
   * @param meanDifference mean of {@code a - b}
   * @param sdDifference sample standard deviation of {@code a - b}
   * @param t the t statistic (0 when all differences are 0; ±infinity when they are equal but
   *     non-zero)
   * @param df degrees of freedom, {@code n - 1}
   * @param pValue two-sided p-value
   * @param ciLow lower end of the 95% confidence interval of the mean difference
   * @param ciHigh upper end of that interval
   */
  public record Result(
      int n,
      double meanDifference,
      double sdDifference,
      double t,
      int df,
      double pValue,
      double ciLow,
      double ciHigh) {}

  /**
   * Tests whether paired samples differ in mean.
   *
   * @param a one value per pair (e.g. per-user NDCG of system A)
   * @param b the paired values (system B on the same users, same order)
   * @throws IllegalArgumentException if the lengths differ, fewer than 2 pairs are given, or a
   *     value is not finite
   */
  public static Result test(double[] a, double[] b) {
    double[] d = Paired.differences(a, b);
    int n = d.length;
    if (n < 2) {
      throw new IllegalArgumentException("the paired t-test needs at least 2 pairs, got " + n);
    }
    double mean = 0;
    for (double x : d) {
      mean += x;
    }
    mean /= n;
    double ss = 0;
    for (double x : d) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    int df = n - 1;
    double se = sd / Math.sqrt(n);
    if (se == 0 || se < 1e-14 * Math.abs(mean)) {
      boolean zero = mean == 0;
      return new Result(
          n,
          mean,
          sd,
          zero ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, mean),
          df,
          zero ? 1.0 : 0.0,
          mean,
          mean);
    }
    double t = mean / se;
    double crit = StudentT.inverseCdf(0.975, df);
    return new Result(
        n, mean, sd, t, df, StudentT.twoSidedP(t, df), mean - crit * se, mean + crit * se);
  }
}
