package io.palr.llm.decode;

/**
 * Decoding found no token it may pick: every logit is -Infinity or NaN. With no logit processor
 * masking tokens this means the model's output is not finite, usually damaged or diverged weights.
 */
public class NoAllowedTokenException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the standard message. */
  public NoAllowedTokenException() {
    super("no allowed token: every logit is -Infinity or NaN");
  }
}
