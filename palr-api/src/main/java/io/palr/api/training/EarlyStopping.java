package io.palr.api.training;

import java.util.Locale;

/**
 * Stops training when the validation metric has not improved in {@code patience} validations in a
 * row (an improvement is strict: equal values count as no improvement). Not thread-safe; one
 * instance per run.
 */
public final class EarlyStopping implements TrainingListener {
  private final int patience;
  private TrainingPlan plan;
  private TrainingControl control;
  private int sinceBest;
  private int bestEpoch;
  private double best;

  /**
   * Stops after {@code patience} validations without improvement.
   *
   * @throws IllegalArgumentException if {@code patience < 1}
   */
  public EarlyStopping(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1: " + patience);
    }
    this.patience = patience;
  }

  /** The patience in validations. */
  public int patience() {
    return patience;
  }

  @Override
  public void onTrainingBegin(TrainingPlan plan, TrainingControl control) {
    this.plan = plan;
    this.control = control;
    this.sinceBest = 0;
    this.bestEpoch = 0;
    this.best = Double.NaN;
  }

  @Override
  public void onValidation(Validation v) {
    if (v.improved()) {
      sinceBest = 0;
      bestEpoch = v.epoch();
      best = v.value();
    } else if (++sinceBest >= patience) {
      control.requestStop(
          StopReason.EARLY_STOPPING,
          String.format(
              Locale.ROOT,
              "no improvement of %s in %d validation%s (best %.4f after epoch %d)",
              plan.metric(),
              sinceBest,
              sinceBest == 1 ? "" : "s",
              best,
              bestEpoch));
    }
  }
}
