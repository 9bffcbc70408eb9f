package io.palr.eval.experiment;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The quickstart: PALR end to end on the embedded synthetic demo data (no files needed). Prints the
 * comparison table (SASRec vs PALR-v1 vs PALR-v2), two users in full and the timing, and writes the
 * report folder.
 *
 * <p>The {@code palr quickstart} command is its entry point.
 */
public final class QuickstartRunner {
  private QuickstartRunner() {}

  /**
   * Runs an experiment with console progress on {@code progress} and prints the results on {@code
   * out}; the entry point the {@code palr quickstart} command calls.
   *
   * @throws IOException if data cannot be read or the report cannot be written
   */
  public static ExperimentResult run(ExperimentConfig config, PrintStream out, PrintStream progress)
      throws IOException {
    pinEngineThreads();
    ExperimentResult r = new PalrExperiment(config).run(new ConsoleExperimentListener(progress));
    print(r, out);
    return r;
  }

  /**
   * Pins the engine to one intra-op thread unless {@code ai.djl.pytorch.num_threads} is set: the
   * models here are tiny, and on a busy machine OpenMP spin-waiting of extra threads makes them
   * many times slower.
   */
  static void pinEngineThreads() {
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
  }

  /** Prints the table, the showcase users, the notes and the timing. */
  public static void print(ExperimentResult r, PrintStream out) {
    out.println();
    out.println("PALR end to end on " + r.dataset());
    String split = r.config().split().name().toLowerCase(java.util.Locale.ROOT);
    out.println(
        Character.toUpperCase(split.charAt(0))
            + split.substring(1)
            + " split, "
            + r.rows().get(0).users()
            + " users, candidates = "
            + r.config().candidates().rowName()
            + " top-"
            + r.config().numCandidates()
            + ", LLM from "
            + r.config().llm().name());
    out.println();
    out.print(r.table());
    out.println();
    r.coldStart()
        .ifPresent(
            c -> {
              out.print(c.text());
              out.println();
            });
    out.print(r.showcaseText());
    for (String n : r.notes()) {
      out.println("note: " + n);
    }
    out.println("time: " + r.timing());
  }
}
