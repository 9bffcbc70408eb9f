package io.palr.cli.commands;

import io.palr.cli.options.CommonOptions;
import io.palr.cli.support.EngineSetup;
import io.palr.cli.support.ResolvedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every palr subcommand: the common options, access to the command's output streams
 * (which tests capture), engine setup before the command runs, and writing {@code
 * resolved-config.json}.
 */
public abstract class PalrCommand implements Callable<Integer> {
  /** The command's specification, injected by picocli. */
  @Spec protected CommandSpec spec;

  /** The common options. */
  @Mixin protected CommonOptions common;

  /** Creates a command; picocli injects the fields. */
  protected PalrCommand() {}

  @Override
  public final Integer call() throws Exception {
    EngineSetup.configure();
    Integer threads = engineThreads();
    if (threads != null) {
      if (threads < 1) {
        throw new io.palr.cli.support.UsageException("--engine-threads must be >= 1");
      }
      EngineSetup.threads(threads);
    }
    return execute();
  }

  /**
   * The {@code --engine-threads} value: the command's own, else the one given before the command
   * name ({@code palr --engine-threads 2 generate ...}), else null.
   */
  private Integer engineThreads() {
    if (common != null && common.engineThreads != null) {
      return common.engineThreads;
    }
    for (CommandSpec p = spec == null ? null : spec.parent(); p != null; p = p.parent()) {
      picocli.CommandLine.Model.OptionSpec o = p.findOption("--engine-threads");
      if (o != null && o.getValue() != null) {
        return o.getValue();
      }
    }
    return null;
  }

  /**
   * Runs the command.
   *
   * @return the exit code
   * @throws Exception any failure, reported by the error handler as one line
   */
  protected abstract int execute() throws Exception;

  /** Standard output of the command. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error of the command (progress, warnings). */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Whether {@code --verbose} was given. */
  protected boolean verbose() {
    return common != null && common.verbose;
  }

  /** Writes this run's resolved configuration into {@code directory}. */
  protected Path writeResolvedConfig(Path directory) {
    return ResolvedConfig.write(spec, directory);
  }
}
