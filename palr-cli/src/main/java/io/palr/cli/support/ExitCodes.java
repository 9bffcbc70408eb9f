package io.palr.cli.support;

/** The exit codes of the {@code palr} command. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /**
   * The command was well-formed but failed while running (bad input data, a failing model, an I/O
   * error).
   */
  public static final int FAILURE = 1;

  /** Bad arguments: unknown options, missing or invalid values. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
