package io.palr.eval.stats;

import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.UserResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Paired significance tests between the best system and every other one, on per-user values of a
 * metric. Users are paired by split index (their external ids must agree, or the results come from
 * different splits); only users evaluated by both systems count.
 */
public final class SignificanceTests {
  private final PairedBootstrap bootstrap;

  /**
   * Tests that use the given bootstrap for the resampling test (the t-test needs no configuration).
   *
   * @param bootstrap the bootstrap settings, e.g. {@code new PairedBootstrap(1000, 42)}
   */
  public SignificanceTests(PairedBootstrap bootstrap) {
    this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
  }

  /** Default settings: 1000 bootstrap resamples, seed 42. */
  public static SignificanceTests defaults() {
    return new SignificanceTests(new PairedBootstrap(1000, 42));
  }

  /**
   * Compares the system with the highest mean on {@code metric} to each other system.
   *
   * @param results at least two results on the same data set and mode
   * @return one comparison per non-best system, in input order
   * @throws IllegalArgumentException if fewer than two results are given, they come from different
   *     data sets or modes, or two systems share fewer than two users
   */
  public List<Comparison> compareToBest(List<EvaluationResult> results, Metric metric) {
    if (results.size() < 2) {
      throw new IllegalArgumentException(
          "need at least two systems to compare, got " + results.size());
    }
    EvaluationResult first = results.get(0);
    for (EvaluationResult r : results) {
      if (!r.setup().dataset().equals(first.setup().dataset())
          || r.setup().mode() != first.setup().mode()) {
        throw new IllegalArgumentException(
            "cannot pair '"
                + r.system()
                + "' ("
                + r.setup().dataset()
                + ", "
                + r.setup().mode()
                + ") with '"
                + first.system()
                + "' ("
                + first.setup().dataset()
                + ", "
                + first.setup().mode()
                + ")");
      }
    }
    EvaluationResult best =
        results.stream().max(Comparator.comparingDouble(r -> r.mean(metric))).orElseThrow();
    List<Comparison> out = new ArrayList<>();
    for (EvaluationResult r : results) {
      if (r != best) {
        out.add(compare(best, r, metric));
      }
    }
    return out;
  }

  /** Compares two systems on their common users: {@code a} minus {@code b}. */
  public Comparison compare(EvaluationResult a, EvaluationResult b, Metric metric) {
    Map<Integer, Double> bValues = new HashMap<>();
    Map<Integer, String> bIds = new HashMap<>();
    for (UserResult u : b.users()) {
      bValues.put(u.user(), u.value(metric, b.setup().tiePolicy()));
      bIds.put(u.user(), u.userId());
    }
    double[] x = new double[a.numUsers()];
    double[] y = new double[a.numUsers()];
    int n = 0;
    for (UserResult u : a.users()) {
      Double v = bValues.get(u.user());
      if (v != null && !bIds.get(u.user()).equals(u.userId())) {
        throw new IllegalArgumentException(
            "'"
                + a.system()
                + "' and '"
                + b.system()
                + "' come from different splits:"
                + " user index "
                + u.user()
                + " is '"
                + u.userId()
                + "' in one and '"
                + bIds.get(u.user())
                + "' in the other");
      }
      if (v != null) {
        x[n] = u.value(metric, a.setup().tiePolicy());
        y[n] = v;
        n++;
      }
    }
    if (n < 2) {
      throw new IllegalArgumentException(
          "'"
              + a.system()
              + "' and '"
              + b.system()
              + "' share "
              + n
              + " users; need at least 2 to compare");
    }
    x = java.util.Arrays.copyOf(x, n);
    y = java.util.Arrays.copyOf(y, n);
    return new Comparison(
        metric.name(),
        a.system(),
        b.system(),
        mean(x),
        mean(y),
        n,
        PairedTTest.test(x, y),
        bootstrap.test(x, y));
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
