package io.palr.llm.finetune;

/**
 * Receives the progress of a fine-tuning run, on the training thread (keep it cheap). Methods
 * default to no-ops.
 */
public interface ProgressListener {
  /**
   * Called once before the first step.
   *
   * @param totalSteps optimizer steps planned
   * @param trainExamples examples after truncation/skipping
   */
  default void onStart(int totalSteps, int trainExamples) {}

  /** Called after each optimizer step. */
  default void onStep(StepProgress progress) {}

  /** Called after each evaluation on the held-out split. */
  default void onEvaluation(int step, double evalLoss) {}

  /** Called once at the end, after the checkpoint is written. */
  default void onFinish(FineTuneResult result) {}

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return new ProgressListener() {};
  }
}
