package io.palr.cli.commands;

import io.palr.cli.PalrCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palr quickstart}: the end-to-end demo on the embedded synthetic data, built from the other commands:
 * {@code evaluate} trains SASRec and compares it with the popularity and ItemKNN baselines (report with tables and
 * charts), then {@code recommend --explain} shows one user's recommendations from the trained SASRec and the prompt an
 * LLM ranker would receive.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {"End-to-end demo on the embedded synthetic data: train, compare, explain a recommendation.",
        "Trains SASRec, compares it with popularity and ItemKNN in a report with charts, and shows one user's",
        "recommendations with the prompt an LLM ranker would receive. Takes a few minutes on a laptop CPU."},
    footer = {"", "Example:", "  palr quickstart -o palr-out/quickstart"})
public final class QuickstartCommand extends PalrCommand {
  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "palr-out/quickstart",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--users", paramLabel = "N", defaultValue = "1000",
      description = "Users of the synthetic data (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
      description = "SASRec training epochs at most (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--user", paramLabel = "ID", defaultValue = "u00001",
      description = "The user whose recommendation is explained (default: ${DEFAULT-VALUE}).")
  String user;

  /** Creates the command; picocli fills the fields. */
  public QuickstartCommand() {}

  @Override
  protected int execute() throws Exception {
    Files.createDirectories(output);
    writeResolvedConfig(output);
    List<String> data = List.of("--synthetic", "--synthetic-users", String.valueOf(users));
    Path eval = output.resolve("evaluation");
    out().println("== 1/2 train SASRec and compare it with popularity and ItemKNN (palr evaluate)");
    out().flush();
    int code = run(concat(List.of("evaluate"), data, List.of("--systems", "pop,itemknn,sasrec", "--epochs",
        String.valueOf(epochs), "--eval-every", "2", "--patience", "3", "--cutoffs", "5,10,20", "-o",
        eval.toString())));
    if (code != 0) {
      return code;
    }
    out().println();
    out().println("== 2/2 recommend for " + user + " with the trained SASRec and show the ranking prompt"
        + " (palr recommend --explain)");
    out().flush();
    code = run(concat(List.of("recommend"), data, List.of("--model-dir",
        eval.resolve("models").resolve("sasrec").toString(), "--user", user, "--explain")));
    if (code == 0) {
      out().println("report: " + eval.resolve("report.md") + "; next: 'palr recommend --help' to rank with an LLM"
          + " (--llm PATH or --openai)");
    }
    return code;
  }

  private int run(List<String> args) {
    List<String> all = new ArrayList<>(args);
    if (verbose()) {
      all.add("--verbose");
    }
    String[] a = all.toArray(String[]::new);
    return PalrCli.commandLine(a, out(), err()).execute(a);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> out = new ArrayList<>();
    for (List<String> p : parts) {
      out.addAll(p);
    }
    return out;
  }
}
