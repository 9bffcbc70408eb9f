package io.palr.api.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a training loop holds of its listeners: it forwards each event to them in order, keeps the
 * best validation value (to mark improvements) and the first stop request. Loops create one per
 * run; not thread-safe.
 */
public final class TrainingListeners implements TrainingControl {
  private final List<TrainingListener> listeners;
  private TrainingPlan plan;
  private double best;
  private StopReason stopReason;
  private String stopDetail;

  private TrainingListeners(List<TrainingListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** The listeners, called in this order. */
  public static TrainingListeners of(List<? extends TrainingListener> listeners) {
    List<TrainingListener> all = new ArrayList<>();
    for (TrainingListener l : listeners) {
      all.add(Objects.requireNonNull(l, "listener"));
    }
    return new TrainingListeners(all);
  }

  /** Starts the run: every listener gets the plan and this control. */
  public void begin(TrainingPlan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.best = plan.worst();
    this.stopReason = null;
    this.stopDetail = null;
    for (TrainingListener l : listeners) {
      l.onTrainingBegin(plan, this);
    }
  }

  /** An applied step (finite loss and gradient) or, otherwise, a skipped one. */
  public void step(TrainingStep step, boolean applied) {
    for (TrainingListener l : listeners) {
      if (applied) {
        l.onStep(step);
      } else {
        l.onStepSkipped(step);
      }
    }
  }

  /** The end of an epoch's steps. */
  public void epochEnd(EpochEnd epoch) {
    for (TrainingListener l : listeners) {
      l.onEpochEnd(epoch);
    }
  }

  /**
   * A validation: marks whether {@code value} improves on the best so far and tells every listener.
   *
   * @return the event told
   */
  public Validation validated(int epoch, long step, double value) {
    boolean improved = plan.improves(value, best);
    if (improved) {
      best = value;
    }
    Validation v = new Validation(epoch, step, value, best, improved);
    for (TrainingListener l : listeners) {
      l.onValidation(v);
    }
    return v;
  }

  /** The best validation value so far ({@link TrainingPlan#worst()} before any). */
  public double best() {
    return best;
  }

  /**
   * Ends the run and tells every listener how.
   *
   * @param epochs epochs run
   * @param steps applied steps
   * @param bound whether the loop reached its epoch or step bound (a bound reached wins over a stop
   *     request)
   * @return how the run ended
   */
  public TrainingStop end(int epochs, long steps, boolean bound) {
    TrainingStop stop =
        bound || stopReason == null
            ? new TrainingStop(
                StopReason.COMPLETED,
                epochs,
                steps,
                "reached the bound of "
                    + plan.maxEpochs()
                    + " epochs / "
                    + plan.plannedSteps()
                    + " steps")
            : new TrainingStop(stopReason, epochs, steps, stopDetail);
    for (TrainingListener l : listeners) {
      l.onTrainingEnd(stop);
    }
    return stop;
  }

  @Override
  public void requestStop(StopReason reason, String detail) {
    if (stopReason == null) {
      stopReason = Objects.requireNonNull(reason, "reason");
      stopDetail = Objects.requireNonNull(detail, "detail");
    }
  }

  @Override
  public boolean stopRequested() {
    return stopReason != null;
  }
}
