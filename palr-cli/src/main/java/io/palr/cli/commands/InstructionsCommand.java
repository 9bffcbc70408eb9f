package io.palr.cli.commands;

import picocli.CommandLine.Command;

/** {@code palr instructions}: waiting for its library entry point. */
@Command(name = "instructions", mixinStandardHelpOptions = true, description = "Not yet available in this build.")
public final class InstructionsCommand extends PalrCommand {
  /** Creates the command. */
  public InstructionsCommand() {}

  @Override
  protected int execute() {
    throw new IllegalStateException("'palr instructions' is not available in this build yet");
  }
}
