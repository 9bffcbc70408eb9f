package io.palr.cli.commands;

import picocli.CommandLine.Command;

/** {@code palr generate}: waiting for its library entry point. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Not yet available in this build.")
public final class GenerateCommand extends PalrCommand {
  /** Creates the command. */
  public GenerateCommand() {}

  @Override
  protected int execute() {
    throw new IllegalStateException("'palr generate' is not available in this build yet");
  }
}
