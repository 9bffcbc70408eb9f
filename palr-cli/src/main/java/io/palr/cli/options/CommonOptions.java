package io.palr.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every palr command accepts. */
public final class CommonOptions {
  /** Whether to log progress and print stack traces of failures. */
  @Option(
      names = {"-v", "--verbose"},
      description = "Log progress and show stack traces of failures.")
  public boolean verbose;

  /** The configuration file supplying option defaults. */
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML or JSON file with option defaults (keys are option names; a section per command).")
  public Path config;

  /** PyTorch intra-op threads. */
  @Option(
      names = "--engine-threads",
      paramLabel = "N",
      description =
          "PyTorch intra-op threads (default: the engine's choice; 1 is fastest for tiny models on a busy"
              + " machine).")
  public Integer engineThreads;
}
