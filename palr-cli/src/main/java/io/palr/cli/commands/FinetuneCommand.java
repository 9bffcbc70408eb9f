package io.palr.cli.commands;

import picocli.CommandLine.Command;

/** {@code palr finetune}: waiting for its library entry point. */
@Command(name = "finetune", mixinStandardHelpOptions = true, description = "Not yet available in this build.")
public final class FinetuneCommand extends PalrCommand {
  /** Creates the command. */
  public FinetuneCommand() {}

  @Override
  protected int execute() {
    throw new IllegalStateException("'palr finetune' is not available in this build yet");
  }
}
