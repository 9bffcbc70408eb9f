package io.palr.api.training;

import java.util.Locale;

/**
 * Fails training with a {@link TrainingDivergedException} once more than {@code tolerated} steps
 * had a non-finite loss or gradient (the loop skips such steps, leaving the weights untouched).
 * DJL's {@code DivergenceCheckTrainingListener} is the model. Not thread-safe; one instance per
 * run.
 */
public final class DivergenceCheck implements TrainingListener {
  private final int tolerated;
  private final String hint;
  private String name = "training";
  private int skipped;

  /**
   * A check.
   *
   * @param tolerated non-finite steps to skip before failing (0: fail on the first)
   * @param hint what to try, appended to the message, e.g. {@code lower the learning rate}
   */
  public DivergenceCheck(int tolerated, String hint) {
    if (tolerated < 0) {
      throw new IllegalArgumentException("tolerated must be >= 0: " + tolerated);
    }
    this.tolerated = tolerated;
    this.hint = hint == null ? "" : hint;
  }

  /** The non-finite steps skipped so far. */
  public int skipped() {
    return skipped;
  }

  @Override
  public void onTrainingBegin(TrainingPlan plan, TrainingControl control) {
    this.name = plan.name();
    this.skipped = 0;
  }

  @Override
  public void onStepSkipped(TrainingStep s) {
    if (++skipped > tolerated) {
      throw new TrainingDivergedException(
          String.format(
              Locale.ROOT,
              "%s diverged: %s at epoch %d, step %d (loss %s, gradient norm %s)%s%s",
              name,
              tolerated == 0
                  ? "non-finite loss or gradient"
                  : "more than " + tolerated + " non-finite steps",
              s.epoch(),
              s.step() + 1,
              s.loss(),
              s.gradientNorm(),
              hint.isEmpty() ? "" : "; ",
              hint),
          s.epoch(),
          s.step());
    }
  }
}
