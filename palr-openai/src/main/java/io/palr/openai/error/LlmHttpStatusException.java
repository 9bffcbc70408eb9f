package io.palr.openai.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered with a non-2xx status (including 429, whose {@link #kind()} is {@code
 * RATE_LIMITED}).
 */
public class LlmHttpStatusException extends LlmBackendException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String bodyExcerpt;
  private final transient Duration retryAfter;

  /**
   * A status failure.
   *
   * @param endpoint redacted server label and path
   * @param attempts attempts made
   * @param statusCode the HTTP status
   * @param bodyExcerpt the start of the response body, already redacted and shortened
   * @param retryAfter the server's Retry-After hint, or null
   */
  public LlmHttpStatusException(
      String endpoint, int attempts, int statusCode, String bodyExcerpt, Duration retryAfter) {
    super(
        statusCode == 429 ? FailureKind.RATE_LIMITED : FailureKind.HTTP_STATUS,
        endpoint,
        attempts,
        "HTTP " + statusCode + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt),
        null);
    this.statusCode = statusCode;
    this.bodyExcerpt = bodyExcerpt;
    this.retryAfter = retryAfter;
  }

  @Override
  public int statusCode() {
    return statusCode;
  }

  /** The start of the response body, redacted (secrets replaced) and shortened. */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }

  /** The server's Retry-After hint, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
