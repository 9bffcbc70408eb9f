package io.palr.openai.error;

import java.util.Objects;

/**
 * A call to a remote language-model server failed. Messages never contain the API key or the
 * Authorization header: every server-supplied text in them has passed through the redactor before
 * the exception is built.
 *
 * <p>Subclasses say what went wrong; {@link #kind()} says the same as an enum for metrics and
 * switch statements.
 */
public class LlmBackendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final String endpoint;
  private final int attempts;

  /**
   * A failure.
   *
   * @param kind what went wrong
   * @param endpoint the server label and path, e.g. {@code "vllm@127.0.0.1:8000 /v1/completions"},
   *     already redacted
   * @param attempts how many HTTP attempts were made (0 when none reached the network)
   * @param message a redacted description
   * @param cause the underlying exception, or null
   */
  public LlmBackendException(
      FailureKind kind, String endpoint, int attempts, String message, Throwable cause) {
    super(
        endpoint + ": " + message + (attempts > 1 ? " (after " + attempts + " attempts)" : ""),
        cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.attempts = attempts;
  }

  /** What went wrong. */
  public FailureKind kind() {
    return kind;
  }

  /** The server label and request path, redacted. */
  public String endpoint() {
    return endpoint;
  }

  /** How many HTTP attempts were made before giving up. */
  public int attempts() {
    return attempts;
  }

  /** The HTTP status code of the last response, or -1 when no response was received. */
  public int statusCode() {
    return -1;
  }
}
