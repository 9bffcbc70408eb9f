package io.palr.spark.job;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code palr spark}: prepare, recommend and evaluate on Spark. The main class of the job jar for
 * {@code spark-submit}; {@code ./palr spark ...} runs the same commands on an embedded master.
 * Errors are one line, {@code palr: error: ...}: exit code 2 for bad arguments, 1 for failures
 * (malformed input under {@code --strict}, an empty input, an unreachable master, ...).
 */
@Command(
    name = "palr spark",
    mixinStandardHelpOptions = true,
    versionProvider = PalrSparkJob.Version.class,
    subcommands = {PrepareJob.class, RecommendJob.class, EvaluateJob.class},
    description = {
      "Prepare data, recommend for every user and evaluate, on Apache Spark.",
      "Runs on an embedded local[*] master unless --master or spark-submit gives one."
    })
public final class PalrSparkJob implements Runnable {
  /** Exit code of bad arguments. */
  public static final int USAGE = 2;

  /** Exit code of failures while running. */
  public static final int FAILURE = 1;

  /** Creates the command; picocli fills the fields. */
  public PalrSparkJob() {}

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Runs {@code palr spark} and exits with its code. */
  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs {@code palr spark} with the given arguments and returns the exit code. */
  public static int run(String... args) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    Errors errors = new Errors(verbose);
    return new CommandLine(new PalrSparkJob())
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors)
        .execute(args);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PalrSparkJob.class.getPackage().getImplementationVersion();
      return new String[] {"palr spark " + (v == null ? "(development build)" : v)};
    }
  }

  /** One-line errors, as the {@code palr} command prints them. */
  static final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private final boolean verbose;

    Errors(boolean verbose) {
      this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println(
          "palr: error: "
              + oneLine(ex.getMessage())
              + " (see '"
              + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help')");
      err.flush();
      return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      boolean usage = ex instanceof UsageException;
      err.println(
          "palr: error: "
              + oneLine(describe(ex))
              + (usage
                  ? " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')"
                  : verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return usage ? USAGE : FAILURE;
    }

    private static String describe(Throwable t) {
      StringBuilder sb = new StringBuilder(message(t));
      for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        String m = message(c);
        if (!sb.toString().contains(m)) {
          sb.append(": ").append(m);
        }
        if (sb.length() > 400) {
          break;
        }
      }
      return sb.toString();
    }

    private static String message(Throwable t) {
      String m = t.getMessage();
      return m == null || m.isBlank()
          ? t.getClass()
              .getSimpleName()
              .replaceAll("(Exception|Error)$", "")
              .toLowerCase(Locale.ROOT)
          : m;
    }

    static String oneLine(String message) {
      return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
  }

  /** Bad arguments found after parsing (exit code 2). */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
