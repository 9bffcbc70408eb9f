package io.palr.cli;

import io.palr.cli.commands.BenchCommand;
import io.palr.cli.commands.EvaluateCommand;
import io.palr.cli.commands.FinetuneCommand;
import io.palr.cli.commands.GenerateCommand;
import io.palr.cli.commands.InstructionsCommand;
import io.palr.cli.commands.PrepareCommand;
import io.palr.cli.commands.QuickstartCommand;
import io.palr.cli.commands.RecommendCommand;
import io.palr.cli.commands.TrainCommand;
import io.palr.cli.options.CommonOptions;
import io.palr.cli.support.ConfigFile;
import io.palr.cli.support.EngineSetup;
import io.palr.cli.support.ErrorReporting;
import io.palr.cli.support.ExitCodes;
import io.palr.cli.support.TerminalWriter;
import io.palr.cli.support.UsageException;
import io.palr.cli.support.Version;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code palr} command line. {@link #main} runs it as a process (exit code via {@link
 * System#exit}); {@link #run(String[], PrintWriter, PrintWriter)} runs it in-process with the given
 * streams, which is what tests and embedding applications use.
 *
 * <p>Exit codes: {@link ExitCodes#OK}, {@link ExitCodes#FAILURE} (the command failed while
 * running), {@link ExitCodes#USAGE} (bad arguments). Errors are one line, {@code palr: error: ...};
 * {@code --verbose} adds the stack trace.
 */
@Command(
    name = "palr",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "PALR: personalization-aware LLMs for sequential recommendation, on the JVM.",
      ""
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footer = {
      "",
      "Run 'palr COMMAND --help' for a command's options. Start with 'palr quickstart'."
    },
    subcommands = {
      QuickstartCommand.class,
      PrepareCommand.class,
      TrainCommand.class,
      InstructionsCommand.class,
      FinetuneCommand.class,
      RecommendCommand.class,
      EvaluateCommand.class,
      GenerateCommand.class,
      BenchCommand.class
    })
public final class PalrCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  /** Creates the top-level command; picocli fills the fields. */
  public PalrCli() {}

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /**
   * Builds the command line with palr's error handling, writing to the given streams.
   *
   * @param args the arguments (scanned for {@code --config} and {@code --verbose} before parsing)
   * @param out standard output
   * @param err standard error
   * @return the configured command line
   * @throws UsageException if the configuration file cannot be read or has unknown keys
   */
  public static CommandLine commandLine(String[] args, PrintWriter out, PrintWriter err) {
    boolean verbose =
        Arrays.stream(args)
            .takeWhile(a -> !a.equals("--"))
            .anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
    CommandLine cl = new CommandLine(new PalrCli());
    cl.setOut(out).setErr(err);
    ErrorReporting errors = new ErrorReporting(verbose);
    cl.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // 'palr bench llm --model m --threads 2': everything after the benchmark's name is its own,
    // and options palr bench does not know belong to the benchmark too
    cl.getSubcommands().get("bench").setStopAtPositional(true);
    cl.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
    Path config = ConfigFile.findIn(args);
    if (config != null) {
      ConfigFile file = ConfigFile.read(config);
      file.validate(cl.getCommandSpec());
      cl.setDefaultValueProvider(file);
    }
    return cl;
  }

  /**
   * Runs {@code palr} in-process.
   *
   * @param args the command-line arguments
   * @param rawOut standard output
   * @param rawErr standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
    // control characters from data, model output or server bodies never reach the terminal raw
    PrintWriter out = new PrintWriter(new TerminalWriter(rawOut, false), true);
    PrintWriter err = new PrintWriter(new TerminalWriter(rawErr, true), true);
    CommandLine cl;
    try {
      cl = commandLine(args, out, err);
    } catch (UsageException e) {
      err.println("palr: error: " + ErrorReporting.oneLine(e.getMessage()));
      err.flush();
      return ExitCodes.USAGE;
    }
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The process entry point.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    boolean verbose =
        Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    }
    if (!verbose
        && System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
      // DJL warns on every engine start of a CPU-only machine that it found no usable CUDA driver
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    EngineSetup.ownProcess();
    System.exit(run(args, out, err));
  }
}
