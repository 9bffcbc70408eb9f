package io.palr.cli.commands;

import io.palr.cli.options.CommonOptions;
import io.palr.cli.support.EngineSetup;
import io.palr.cli.support.ResolvedConfig;
import io.palr.cli.support.UsageException;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.OutputGuard;
import io.palr.io.output.OutputPathException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        throw new UsageException("--engine-threads must be >= 1");
      }
      EngineSetup.threads(threads);
    }
    if (usesEngine() && !verbose()) {
      EngineSetup.muteNativeWarningsOnce();
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

  /** Whether the command runs models on the engine (and so meets libtorch's startup warning). */
  protected boolean usesEngine() {
    return true;
  }

  /** Standard output of the command. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error of the command (progress, warnings). */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Whether the user gave an option on the command line (not from a default or config file). */
  protected boolean given(String option) {
    return spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * Refuses options that have no effect in this combination.
   *
   * @param needed what they need, e.g. "--method lora"
   * @param present whether that is the case
   * @param options the options that depend on it
   * @throws UsageException naming the first such option given, as typed
   */
  protected void requireFor(String needed, boolean present, String... options) {
    if (present) {
      return;
    }
    for (String o : options) {
      if (given(o)) {
        throw new UsageException(typed(o) + " has no effect without " + needed);
      }
    }
  }

  /** Whether {@code --verbose} was given. */
  protected boolean verbose() {
    return common != null && common.verbose;
  }

  /** Writes this run's resolved configuration into {@code directory}. */
  protected Path writeResolvedConfig(Path directory) {
    return ResolvedConfig.write(spec, directory);
  }

  /**
   * How the user typed an option: the first of {@code names} among the original arguments, else the
   * last (longest) name.
   */
  protected String typed(String... names) {
    List<String> args =
        spec.commandLine().getParseResult() == null
            ? List.of()
            : spec.commandLine().getParseResult().originalArgs();
    for (String a : args) {
      for (String n : names) {
        if (a.equals(n) || a.startsWith(n + "=") || (n.length() == 2 && a.startsWith(n))) {
          return n;
        }
      }
    }
    return names[names.length - 1];
  }

  /**
   * Starts the command's output folder: refused if it is, lies inside or holds an input, or is a
   * non-empty folder palr did not write; staged so that a failure or Ctrl-C leaves the previous
   * output as it was. The caller writes into {@link AtomicOutput#staging()} and commits.
   *
   * @param output the {@code -o} folder
   * @param inputs the run's input paths by option name (null values skipped)
   * @throws UsageException if the output path cannot be used
   */
  protected AtomicOutput stageFolder(Path output, Map<String, Path> inputs) throws IOException {
    requireSeparate(output, inputs);
    try {
      return AtomicOutput.folder(output);
    } catch (OutputPathException e) {
      throw new UsageException(typed("-o", "--output") + " " + e.getMessage(), e);
    }
  }

  /** Like {@link #stageFolder} for a single output file. */
  protected AtomicOutput stageFile(Path output, Map<String, Path> inputs) throws IOException {
    requireSeparate(output, inputs);
    try {
      return AtomicOutput.file(output);
    } catch (OutputPathException e) {
      throw new UsageException(typed("-o", "--output") + " " + e.getMessage(), e);
    }
  }

  /**
   * Refuses an output that is, lies inside or holds an input.
   *
   * @throws UsageException naming both options as typed
   */
  protected void requireSeparate(Path output, Map<String, Path> inputs) {
    try {
      OutputGuard.requireSeparate(output, typed("-o", "--output"), inputs);
    } catch (OutputPathException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** A map of the non-null entries, in order; keys are option names. */
  protected static Map<String, Path> inputs(Object... optionAndPath) {
    Map<String, Path> m = new LinkedHashMap<>();
    for (int i = 0; i < optionAndPath.length; i += 2) {
      if (optionAndPath[i + 1] instanceof Path p) {
        m.put((String) optionAndPath[i], p);
      } else if (optionAndPath[i + 1] instanceof Map<?, ?> more) {
        String option = (String) optionAndPath[i];
        more.forEach((k, v) -> m.put(option + " " + k + "=", (Path) v));
      }
    }
    return m;
  }
}
