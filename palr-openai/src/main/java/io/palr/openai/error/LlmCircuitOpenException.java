package io.palr.openai.error;

import java.time.Duration;

/**
 * The circuit breaker is open after repeated failures: the call failed fast without contacting the
 * server.
 */
public class LlmCircuitOpenException extends LlmBackendException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryIn;

  /**
   * A fast failure.
   *
   * @param endpoint redacted server label and path
   * @param attempts attempts made before the breaker rejected the call
   * @param retryIn how long until the breaker lets a trial call through
   * @param lastFailure the failure that preceded the rejection in this call, or null
   */
  public LlmCircuitOpenException(
      String endpoint, int attempts, Duration retryIn, Throwable lastFailure) {
    super(
        FailureKind.CIRCUIT_OPEN,
        endpoint,
        attempts,
        "circuit breaker open, failing fast; next trial call in " + retryIn.toMillis() + " ms",
        lastFailure);
    this.retryIn = retryIn;
  }

  /**
   * How long until the breaker lets a trial call through (zero when a trial is already in flight).
   */
  public Duration retryIn() {
    return retryIn;
  }
}
