package io.palr.openai.error;

/**
 * The server answered 2xx but the body did not follow the OpenAI wire format: not JSON, a missing
 * or mistyped field (named in the message), an answer outside the allowed options, or a stream that
 * ended without {@code [DONE]}. Not retried: a server that returns garbage usually returns it
 * again.
 */
public class LlmMalformedResponseException extends LlmBackendException {
  private static final long serialVersionUID = 1L;

  private final String bodyExcerpt;

  /**
   * A malformed response.
   *
   * @param endpoint redacted server label and path
   * @param attempts attempts made
   * @param problem what is wrong, naming the JSON field
   * @param bodyExcerpt the start of the offending body, already redacted and shortened
   * @param cause the parse exception, or null
   */
  public LlmMalformedResponseException(
      String endpoint, int attempts, String problem, String bodyExcerpt, Throwable cause) {
    super(
        FailureKind.MALFORMED_RESPONSE,
        endpoint,
        attempts,
        problem + (bodyExcerpt.isEmpty() ? "" : " in body: " + bodyExcerpt),
        cause);
    this.bodyExcerpt = bodyExcerpt;
  }

  /** The start of the offending body, redacted and shortened. */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
