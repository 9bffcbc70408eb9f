package io.palr.eval.report;

/**
 * A report input could not be read (a malformed loss CSV, named by file, line and field) or a
 * report could not be written.
 */
public class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public ReportException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
