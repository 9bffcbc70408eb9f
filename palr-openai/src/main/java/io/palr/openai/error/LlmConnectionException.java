package io.palr.openai.error;

/**
 * The connection failed: refused, reset, or closed before the response was complete (e.g. a
 * truncated body).
 */
public class LlmConnectionException extends LlmBackendException {
  private static final long serialVersionUID = 1L;

  /**
   * A connection failure.
   *
   * @param endpoint redacted server label and path
   * @param attempts attempts made
   * @param message a redacted description
   * @param cause the underlying I/O exception, or null
   */
  public LlmConnectionException(String endpoint, int attempts, String message, Throwable cause) {
    super(FailureKind.CONNECTION, endpoint, attempts, message, cause);
  }
}
