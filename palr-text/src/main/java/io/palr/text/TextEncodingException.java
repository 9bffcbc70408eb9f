package io.palr.text;

/** The encoder failed: the model could not be loaded or run. */
public class TextEncodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and a cause. */
  public TextEncodingException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message. */
  public TextEncodingException(String message) {
    super(message);
  }
}
