package io.palr.llm.finetune;

/** The shape of the learning rate after the linear warmup. */
public enum LrSchedule {
  /** Stay at the peak rate. */
  CONSTANT,
  /** Fall linearly from the peak to the minimum at the last step. */
  LINEAR,
  /** Follow half a cosine from the peak to the minimum at the last step. */
  COSINE;

  /**
   * The rate at an optimizer step.
   *
   * @param step the 1-based step
   * @param totalSteps the number of steps of the run
   * @param warmupSteps steps of linear warmup from {@code peak / warmupSteps} to {@code peak}
   * @param peak the peak rate
   * @param min the final rate (for LINEAR and COSINE)
   * @return the learning rate
   */
  public double rate(int step, int totalSteps, int warmupSteps, double peak, double min) {
    if (warmupSteps > 0 && step <= warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (this == CONSTANT || totalSteps <= warmupSteps) {
      return peak;
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
    double factor = this == LINEAR ? 1.0 - progress : 0.5 * (1.0 + Math.cos(Math.PI * progress));
    return min + (peak - min) * factor;
  }
}
