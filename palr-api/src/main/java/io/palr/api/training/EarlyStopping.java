package io.palr.api.training;

import java.util.Locale;

/**
 * Stops training when the validation metric has stopped improving: after {@code patience}
 * validations in a row without improvement ({@link #validations}), or once the best value is {@code
 * patience} epochs old at a validation ({@link #epochs}). With validations every {@code E} epochs
 * the two agree: {@code validations(p)} is {@code epochs(p * E)}. An improvement is strict: an
 * equal value counts as none. Not thread-safe; one instance per run.
 */
public final class EarlyStopping implements TrainingListener {
  private final int patience;
  private final boolean inEpochs;
  private TrainingPlan plan;
  private TrainingControl control;
  private int sinceBest;
  private int bestEpoch;
  private double best;

  private EarlyStopping(int patience, boolean inEpochs) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1: " + patience);
    }
    this.patience = patience;
    this.inEpochs = inEpochs;
  }

  /**
   * Stops after {@code patience} validations in a row without improvement.
   *
   * @throws IllegalArgumentException if {@code patience < 1}
   */
  public static EarlyStopping validations(int patience) {
    return new EarlyStopping(patience, false);
  }

  /**
   * Stops at the first validation at least {@code patience} epochs after the best one.
   *
   * @throws IllegalArgumentException if {@code patience < 1}
   */
  public static EarlyStopping epochs(int patience) {
    return new EarlyStopping(patience, true);
  }

  /** The patience, in validations or epochs. */
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
      return;
    }
    sinceBest++;
    if (inEpochs && v.epoch() - bestEpoch >= patience) {
      control.requestStop(
          StopReason.EARLY_STOPPING,
          String.format(
              Locale.ROOT,
              "no improvement of %s in %d epochs (best %.4f after epoch %d)",
              plan.metric(),
              v.epoch() - bestEpoch,
              best,
              bestEpoch));
    } else if (!inEpochs && sinceBest >= patience) {
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
