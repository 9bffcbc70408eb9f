package io.palr.eval.protocol;

import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TiePolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of evaluating one system: per-user ranks (kept for significance tests), means of any
 * metric, wall time and extra per-system figures (latency, hallucinations, ...). Immutable.
 */
public final class EvaluationResult {
  private final String system;
  private final EvaluationSetup setup;
  private final List<UserResult> users;
  private final Duration elapsed;
  private final Map<String, Double> extras;

  /**
   * A result.
   *
   * @param system the system's name, a row in reports
   * @param setup how the result was produced
   * @param users per-user outcomes in ascending user order
   * @param elapsed wall time of the evaluation
   * @param extras further per-system figures by column name, in insertion order
   */
  public EvaluationResult(
      String system,
      EvaluationSetup setup,
      List<UserResult> users,
      Duration elapsed,
      Map<String, Double> extras) {
    this.system = Objects.requireNonNull(system, "system");
    this.setup = Objects.requireNonNull(setup, "setup");
    this.users = List.copyOf(users);
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /** The system's name. */
  public String system() {
    return system;
  }

  /** How the result was produced. */
  public EvaluationSetup setup() {
    return setup;
  }

  /** Per-user outcomes, ascending by user index. */
  public List<UserResult> users() {
    return users;
  }

  /** Number of users evaluated. */
  public int numUsers() {
    return users.size();
  }

  /** Wall time of the evaluation. */
  public Duration elapsed() {
    return elapsed;
  }

  /** Users evaluated per second of wall time. */
  public double usersPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s > 0 ? users.size() / s : Double.POSITIVE_INFINITY;
  }

  /** Extra per-system figures by column name (e.g. {@code latency_ms_per_user}). */
  public Map<String, Double> extras() {
    return extras;
  }

  /**
   * A copy with one more (or a replaced) extra figure, e.g. a hallucination rate measured by the
   * caller.
   */
  public EvaluationResult withExtra(String name, double value) {
    Map<String, Double> m = new LinkedHashMap<>(extras);
    m.put(Objects.requireNonNull(name, "name"), value);
    return new EvaluationResult(system, setup, users, elapsed, m);
  }

  /** A copy under another system name. */
  public EvaluationResult renamed(String newName) {
    return new EvaluationResult(newName, setup, users, elapsed, extras);
  }

  /** Per-user values of a metric under the result's tie policy, in user order. */
  public double[] values(Metric metric) {
    TiePolicy p = setup.tiePolicy();
    double[] v = new double[users.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = users.get(i).value(metric, p);
    }
    return v;
  }

  /** The mean of a metric over users (0 when no user was evaluated). */
  public double mean(Metric metric) {
    double[] v = values(metric);
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0.0 : s / v.length;
  }

  /** The means of the configured metrics, by metric name, in configured order. */
  public Map<String, Double> means() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Metric metric : setup.metrics()) {
      m.put(metric.name(), mean(metric));
    }
    return Collections.unmodifiableMap(m);
  }

  /** The external ids of the evaluated users, in order. */
  public List<String> userIds() {
    return users.stream().map(UserResult::userId).toList();
  }

  @Override
  public String toString() {
    return system + " " + means() + " (" + users.size() + " users, " + setup.protocol() + ")";
  }
}
