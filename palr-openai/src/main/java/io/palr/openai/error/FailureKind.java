package io.palr.openai.error;

/** Why a call to a remote language-model server failed; used by exceptions and metrics. */
public enum FailureKind {
  /** The server answered with a non-2xx HTTP status other than 429. */
  HTTP_STATUS(false),
  /** The server answered 429 Too Many Requests. */
  RATE_LIMITED(true),
  /** No complete response arrived within the request timeout. */
  TIMEOUT(false),
  /**
   * The connection could not be made, was refused, reset or closed before the response was
   * complete.
   */
  CONNECTION(true),
  /**
   * The server answered 2xx but the body was not the OpenAI wire format (garbage JSON, missing
   * fields, bad stream).
   */
  MALFORMED_RESPONSE(false),
  /** The circuit breaker is open: the call was rejected without contacting the server. */
  CIRCUIT_OPEN(false),
  /** No concurrency permit became free within the wait limit. */
  CONCURRENCY_LIMIT(false),
  /** The calling thread was interrupted while waiting. */
  INTERRUPTED(false),
  /** The caller's streaming callback threw; the stream was cancelled. */
  CALLBACK(false);

  private final boolean retryableByDefault;

  FailureKind(boolean retryableByDefault) {
    this.retryableByDefault = retryableByDefault;
  }

  /**
   * Whether a failure of this kind is retried by default. HTTP statuses are decided per status code
   * (5xx are retried, other 4xx are not), timeouts only when configured.
   */
  public boolean retryableByDefault() {
    return retryableByDefault;
  }
}
