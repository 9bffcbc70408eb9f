package io.palr.eval.stats;

import java.util.Objects;

/**
 * The best system against one other system on one metric, over the users both were evaluated on.
 *
 * @param metric the metric's name
 * @param best the best system's name (highest mean)
 * @param system the other system's name
 * @param bestMean the best system's mean over the paired users
 * @param systemMean the other system's mean over the paired users
 * @param n number of paired users
 * @param tTest the paired t-test of best minus other
 * @param bootstrap the paired bootstrap of best minus other
 */
public record Comparison(
    String metric,
    String best,
    String system,
    double bestMean,
    double systemMean,
    int n,
    PairedTTest.Result tTest,
    PairedBootstrap.Result bootstrap) {
  /** The conventional significance level. */
  public static final double ALPHA = 0.05;

  /** Validates the components. */
  public Comparison {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(best, "best");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(tTest, "tTest");
    Objects.requireNonNull(bootstrap, "bootstrap");
  }

  /** The mean difference, best minus other. */
  public double difference() {
    return bestMean - systemMean;
  }

  /**
   * Whether the best system is significantly better at {@link #ALPHA} by both the t-test and the
   * bootstrap.
   */
  public boolean significant() {
    return tTest.pValue() < ALPHA && bootstrap.pValue() < ALPHA;
  }
}
