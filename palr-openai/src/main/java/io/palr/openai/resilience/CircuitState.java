package io.palr.openai.resilience;

/** The state of a {@link CircuitBreaker}. */
public enum CircuitState {
  /** Calls pass; consecutive failures are counted. */
  CLOSED,
  /** Calls fail fast until the open duration has passed. */
  OPEN,
  /** A limited number of trial calls pass; their outcome closes or re-opens the breaker. */
  HALF_OPEN
}
