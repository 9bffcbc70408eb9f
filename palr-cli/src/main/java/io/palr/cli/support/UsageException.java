package io.palr.cli.support;

/**
 * A user error found while a command runs (an unknown system name, a missing input file, options
 * that contradict each other): reported as one line and exit code {@link ExitCodes#USAGE}, never
 * with a stack trace.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that tells the user what to change. */
  public UsageException(String message) {
    super(message);
  }

  /** An error with a message and the exception that revealed it. */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
