package io.palr.openai.error;

/**
 * No complete response (or, when streaming, no next chunk) arrived within the configured timeout.
 */
public class LlmTimeoutException extends LlmBackendException {
  private static final long serialVersionUID = 1L;

  /**
   * A timeout.
   *
   * @param endpoint redacted server label and path
   * @param attempts attempts made
   * @param message what timed out and after how long
   * @param cause the underlying exception, or null
   */
  public LlmTimeoutException(String endpoint, int attempts, String message, Throwable cause) {
    super(FailureKind.TIMEOUT, endpoint, attempts, message, cause);
  }
}
