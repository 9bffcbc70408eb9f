package io.palr.openai;

/**
 * Thrown by response readers when a 2xx body does not have the expected shape; the transport turns
 * it into an {@link io.palr.openai.error.LlmMalformedResponseException} with the endpoint, attempt
 * count and a redacted excerpt.
 */
final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WireFormatException(String problem) {
    super(problem);
  }
}
