package io.palr.cli.commands;

import picocli.CommandLine.Command;

/** {@code palr quickstart}: waiting for its library entry point. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Not yet available in this build.")
public final class QuickstartCommand extends PalrCommand {
  /** Creates the command. */
  public QuickstartCommand() {}

  @Override
  protected int execute() {
    throw new IllegalStateException("'palr quickstart' is not available in this build yet");
  }
}
