package io.palr.llm.decode;

/** A prompt (plus the requested continuation) does not fit the model's context. */
public class ContextOverflowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception for {@code needed} positions against a context of {@code context}. */
  public ContextOverflowException(String what, int needed, int context) {
    super(
        what + " needs " + needed + " positions but the model's context is " + context + " tokens");
  }
}
