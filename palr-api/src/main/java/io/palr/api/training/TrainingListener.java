package io.palr.api.training;

/**
 * Receives the events of a training loop, on the training thread (keep it cheap). Every method
 * defaults to a no-op. A listener that wants the loop to stop calls {@link
 * TrainingControl#requestStop} on the control it was given in {@link #onTrainingBegin}; the loop
 * stops at its next stopping point (after the step for step-based loops, after the epoch for
 * epoch-based ones). A listener that finds training has failed throws, e.g. {@link
 * TrainingDivergedException}.
 */
public interface TrainingListener {
  /**
   * Called once before the first step.
   *
   * @param plan what the loop is about to do
   * @param control where to ask for an early stop
   */
  default void onTrainingBegin(TrainingPlan plan, TrainingControl control) {}

  /** Called after each applied optimizer step. */
  default void onStep(TrainingStep step) {}

  /**
   * Called instead of {@link #onStep} when a step's loss or gradient was not finite, so the weights
   * were left untouched.
   */
  default void onStepSkipped(TrainingStep step) {}

  /** Called after the training steps of each epoch, before its validation. */
  default void onEpochEnd(EpochEnd epoch) {}

  /** Called after each validation. */
  default void onValidation(Validation validation) {}

  /** Called once when the loop ends normally (not when it throws). */
  default void onTrainingEnd(TrainingStop stop) {}

  /** A listener reporting applied steps out of the planned ones to {@code progress}. */
  static TrainingListener progress(io.palr.api.ProgressListener progress) {
    java.util.Objects.requireNonNull(progress, "progress");
    return new TrainingListener() {
      @Override
      public void onStep(TrainingStep step) {
        progress.onProgress(step.step(), step.plannedSteps());
      }
    };
  }
}
