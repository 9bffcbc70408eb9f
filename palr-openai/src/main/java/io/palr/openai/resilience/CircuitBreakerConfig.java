package io.palr.openai.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of a {@link CircuitBreaker}.
 *
 * @param failureThreshold consecutive failures that open a closed breaker, at least 1
 * @param openDuration how long an open breaker fails fast before letting trial calls through
 * @param halfOpenTrials trial calls let through while half-open; that many successes close the
 *     breaker, one failure re-opens it
 */
public record CircuitBreakerConfig(
    int failureThreshold, Duration openDuration, int halfOpenTrials) {
  /** Validates the components. */
  public CircuitBreakerConfig {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1: " + failureThreshold);
    }
    Objects.requireNonNull(openDuration, "openDuration");
    if (openDuration.isNegative()) {
      throw new IllegalArgumentException("openDuration must not be negative: " + openDuration);
    }
    if (halfOpenTrials < 1) {
      throw new IllegalArgumentException("halfOpenTrials must be >= 1: " + halfOpenTrials);
    }
  }

  /** Opens after 5 consecutive failures, stays open 30 s, closes after 1 successful trial. */
  public static CircuitBreakerConfig defaults() {
    return new CircuitBreakerConfig(5, Duration.ofSeconds(30), 1);
  }
}
