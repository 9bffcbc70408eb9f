package io.palr.openai.metrics;

import io.palr.openai.error.FailureKind;
import io.palr.openai.resilience.CircuitState;
import java.time.Duration;
import java.util.Map;

/**
 * The counters of a {@link CountingMetricsListener} at one moment.
 *
 * @param attempts HTTP attempts sent, retries included
 * @param retries retries scheduled
 * @param successes calls that succeeded
 * @param failures calls that failed for good, by kind
 * @param meanAttemptLatency mean latency of completed attempts
 * @param maxAttemptLatency longest attempt
 * @param breakerOpenings how often the circuit breaker opened
 * @param breakerState the last reported breaker state
 */
public record MetricsSnapshot(
    long attempts,
    long retries,
    long successes,
    Map<FailureKind, Long> failures,
    Duration meanAttemptLatency,
    Duration maxAttemptLatency,
    long breakerOpenings,
    CircuitState breakerState) {

  /** Copies the map. */
  public MetricsSnapshot {
    failures = Map.copyOf(failures);
  }

  /** Failed calls of one kind. */
  public long failures(FailureKind kind) {
    return failures.getOrDefault(kind, 0L);
  }

  /** Failed calls of all kinds. */
  public long totalFailures() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }
}
