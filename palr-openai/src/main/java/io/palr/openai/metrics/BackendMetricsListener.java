package io.palr.openai.metrics;

import io.palr.openai.error.FailureKind;
import io.palr.openai.resilience.CircuitState;
import java.time.Duration;

/**
 * Receives events from the remote language-model backend, to bridge into any metrics system
 * (Micrometer, a palr-core metrics interface, logs). All methods have empty defaults; implement the
 * ones you need. Implementations must be thread-safe and fast; an exception thrown by a listener is
 * logged and otherwise ignored, never failing a request.
 *
 * <p>{@code operation} is one of {@code "generate"}, {@code "stream"}, {@code "score"}, {@code
 * "choose"} or {@code "probe"}.
 */
public interface BackendMetricsListener {

  /** One HTTP attempt is about to be sent (retries count again). */
  default void onAttempt(String operation) {}

  /**
   * One HTTP attempt finished.
   *
   * @param operation the operation
   * @param statusCode the HTTP status, or -1 when no response arrived
   * @param latency time from sending to the complete response (or failure)
   */
  default void onAttemptCompleted(String operation, int statusCode, Duration latency) {}

  /**
   * A failed attempt will be retried after {@code delay}.
   *
   * @param operation the operation
   * @param retry which retry this is, 1 for the first
   * @param cause the kind of the failure being retried
   * @param delay the backoff before the retry
   */
  default void onRetry(String operation, int retry, FailureKind cause, Duration delay) {}

  /** A call failed for good (after any retries) with a failure of this kind. */
  default void onFailure(String operation, FailureKind kind) {}

  /** A call succeeded (after any retries); {@code latency} covers all attempts and backoff. */
  default void onSuccess(String operation, Duration latency) {}

  /** The circuit breaker moved from one state to another. */
  default void onCircuitStateChange(CircuitState from, CircuitState to) {}

  /** A listener that ignores everything. */
  static BackendMetricsListener noop() {
    return NoopListener.INSTANCE;
  }
}

/** The shared no-op listener. */
final class NoopListener implements BackendMetricsListener {
  static final NoopListener INSTANCE = new NoopListener();

  private NoopListener() {}
}
