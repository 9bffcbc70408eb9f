package io.palr.eval.protocol;

import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TiePolicy;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link EvaluationResult} was produced, for reports and for checking that two results are
 * comparable.
 *
 * @param dataset the data set's name
 * @param mode validation or test targets
 * @param protocol a description of the ranking protocol (full, sampled with n negatives, top-N
 *     list)
 * @param tiePolicy how ties were placed
 * @param numItems the catalogue size
 * @param listLength the length of the ranked list the system produced ({@link Metric#NO_CUTOFF} for
 *     full score rows): metrics with a larger cutoff count targets beyond it as misses
 * @param users which users were evaluated
 * @param metrics the metrics the caller asked for (others can still be computed from the per-user
 *     ranks)
 */
public record EvaluationSetup(
    String dataset,
    EvaluationMode mode,
    String protocol,
    TiePolicy tiePolicy,
    int numItems,
    int listLength,
    String users,
    List<Metric> metrics) {
  /** Validates and copies the components. */
  public EvaluationSetup {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(tiePolicy, "tiePolicy");
    Objects.requireNonNull(users, "users");
    metrics = List.copyOf(metrics);
  }

  /** Whether a metric's cutoff fits within the system's list length, i.e. its value is exact. */
  public boolean isExact(Metric metric) {
    return metric.cutoff() <= listLength || listLength == Metric.NO_CUTOFF;
  }
}
