package io.palr.cli.support;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How {@code palr} reports errors: a single line {@code palr: error: ...} on standard error, exit
 * code {@link ExitCodes#USAGE} for bad arguments and {@link ExitCodes#FAILURE} for failures while
 * running; the stack trace only with {@code --verbose}.
 */
public final class ErrorReporting
    implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final boolean verbose;

  /**
   * Error reporting.
   *
   * @param verbose whether to print stack traces of failures
   */
  public ErrorReporting(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(
        "palr: error: "
            + oneLine(ex.getMessage())
            + fromConfig(cmd, ex.getMessage(), java.util.Arrays.asList(args))
            + " (see '"
            + cmd.getCommandSpec().qualifiedName()
            + " --help')");
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof UsageException) {
      err.println(
          "palr: error: "
              + oneLine(ex.getMessage())
              + fromConfig(cmd, ex.getMessage(), parseResult.originalArgs())
              + " (see '"
              + cmd.getCommandSpec().qualifiedName()
              + " --help')");
    } else {
      err.println(
          "palr: error: " + describe(ex) + (verbose ? "" : " (run with --verbose for details)"));
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILURE;
  }

  /** "; it is --x V from config file F" when the error is about a value a config file gave. */
  private static String fromConfig(CommandLine cmd, String message, java.util.List<String> args) {
    if (cmd.getDefaultValueProvider() instanceof ConfigFile config) {
      String blame = config.blame(message, args);
      if (blame != null) {
        return "; it is " + blame;
      }
    }
    return "";
  }

  /** The message of an exception and its distinct causes, on one line. */
  public static String describe(Throwable ex) {
    StringBuilder sb = new StringBuilder(message(ex));
    Throwable seen = ex;
    for (Throwable c = ex.getCause(); c != null && c != seen; seen = c, c = c.getCause()) {
      String m = message(c);
      if (!sb.toString().contains(m)) {
        sb.append(": ").append(m);
      }
    }
    return oneLine(sb.toString());
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass()
          .getSimpleName()
          .replaceAll("(Exception|Error)$", "")
          .toLowerCase(Locale.ROOT)
          .replace("nullpointer", "internal error (null)");
    }
    return t instanceof java.nio.file.NoSuchFileException
        ? "no such file: " + m
        : t instanceof java.nio.file.AccessDeniedException ? "permission denied: " + m : m;
  }

  /** Collapses a multi-line message into one line. */
  public static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
