package io.palr.eval.report;

import io.palr.eval.protocol.EvaluationResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a comparison table: a system's metric values and extra columns, and the evaluation
 * result behind them when there is one (rows typed in from elsewhere, e.g. numbers published in a
 * paper, have none and take part in neither curves nor significance tests).
 *
 * @param system the system's name
 * @param metrics metric values by metric name
 * @param extras extra column values by column name
 * @param result the evaluation result, if the row was measured here
 */
public record SystemRow(
    String system,
    Map<String, Double> metrics,
    Map<String, Double> extras,
    Optional<EvaluationResult> result) {
  /** Validates and copies the components. */
  public SystemRow {
    Objects.requireNonNull(system, "system");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    Objects.requireNonNull(result, "result");
  }

  /** A value by column name (metric or extra), or NaN when the row has none. */
  public double value(String column) {
    Double v = metrics.get(column);
    if (v == null) {
      v = extras.get(column);
    }
    return v == null ? Double.NaN : v;
  }
}
