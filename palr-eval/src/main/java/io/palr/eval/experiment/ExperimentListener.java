package io.palr.eval.experiment;

/**
 * Receives the progress of a {@link PalrExperiment}: stages (data, SASRec, instruction data,
 * fine-tuning, one evaluation per system, report) with their progress, and free-form messages.
 * Called from the experiment's thread; keep it cheap. All methods default to no-ops.
 */
public interface ExperimentListener {
  /** A stage begins. */
  default void stageStarted(String stage) {}

  /**
   * Progress within the current stage.
   *
   * @param stage the stage
   * @param done units done
   * @param total units planned
   * @param detail a short status, e.g. the current loss; may be empty
   */
  default void progress(String stage, long done, long total, String detail) {}

  /** A stage ends after {@code seconds} of wall time with a one-line summary. */
  default void stageFinished(String stage, double seconds, String summary) {}

  /** A line worth showing (e.g. a decision the experiment made). */
  default void message(String line) {}

  /** A listener that ignores everything. */
  static ExperimentListener none() {
    return new ExperimentListener() {};
  }
}
