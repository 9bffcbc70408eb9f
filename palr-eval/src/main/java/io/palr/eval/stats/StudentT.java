package io.palr.eval.stats;

/**
 * Student's t distribution with {@code df} degrees of freedom: CDF through the regularised
 * incomplete beta function, {@code P(T <= t) = 1 - I_{df/(df+t²)}(df/2, 1/2) / 2} for {@code t >=
 * 0}, and quantiles by bisection.
 */
public final class StudentT {
  private StudentT() {}

  /**
   * {@code P(T <= t)}.
   *
   * @param t the value; infinite values give 0 or 1
   * @param df the degrees of freedom, {@code > 0} (need not be an integer)
   */
  public static double cdf(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t is NaN");
    }
    if (Double.isInfinite(t)) {
      return t > 0 ? 1.0 : 0.0;
    }
    double tail = 0.5 * SpecialFunctions.regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** The two-sided p-value {@code P(|T| >= |t|)}, computed without cancellation. */
  public static double twoSidedP(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t is NaN");
    }
    if (Double.isInfinite(t)) {
      return 0.0;
    }
    return Math.min(
        1.0, SpecialFunctions.regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5));
  }

  /**
   * The quantile {@code t} with {@code P(T <= t) = p}.
   *
   * @param p a probability strictly between 0 and 1
   */
  public static double inverseCdf(double p, double df) {
    checkDf(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1): " + p);
    }
    double lo = -1;
    double hi = 1;
    while (cdf(lo, df) > p) {
      lo *= 2;
    }
    while (cdf(hi, df) < p) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static void checkDf(double df) {
    if (!(df > 0)) {
      throw new IllegalArgumentException("degrees of freedom must be > 0: " + df);
    }
  }
}
