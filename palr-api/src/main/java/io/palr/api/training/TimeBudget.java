package io.palr.api.training;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Stops training once it has run for a wall-time budget, measured from the start of the run:
 * checked after every step and every epoch, so an epoch-based loop starts no new epoch after the
 * budget and a step-based loop makes no new step. Not thread-safe; one instance per run.
 */
public final class TimeBudget implements TrainingListener {
  private final long budgetNanos;
  private final LongSupplier nanoTicker;
  private TrainingControl control;
  private long start;

  /** A budget on the system clock ({@link System#nanoTime}). */
  public TimeBudget(Duration budget) {
    this(budget, System::nanoTime);
  }

  /**
   * A budget on the given clock (nanoseconds, as {@link System#nanoTime}); tests pass a fake one.
   *
   * @throws IllegalArgumentException if the budget is not positive
   */
  public TimeBudget(Duration budget, LongSupplier nanoTicker) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be > 0: " + budget);
    }
    this.budgetNanos = budget.toNanos();
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
  }

  @Override
  public void onTrainingBegin(TrainingPlan plan, TrainingControl control) {
    this.control = control;
    this.start = nanoTicker.getAsLong();
  }

  @Override
  public void onStep(TrainingStep step) {
    check();
  }

  @Override
  public void onEpochEnd(EpochEnd epoch) {
    check();
  }

  private void check() {
    if (nanoTicker.getAsLong() - start >= budgetNanos) {
      control.requestStop(
          StopReason.TIME_BUDGET, "time budget of " + budgetNanos / 1_000_000_000L + " s used");
    }
  }
}
