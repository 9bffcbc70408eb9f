package io.palr.spark.prep;

/**
 * Input that a job cannot use: a missing file, a missing column, malformed rows under {@code
 * --strict}, or an input that is empty or filtered down to nothing. The message is one line that
 * names the file, the position and the option as the user typed it.
 */
public class InputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An input problem. */
  public InputException(String message) {
    super(message);
  }

  /** An input problem with a cause. */
  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
