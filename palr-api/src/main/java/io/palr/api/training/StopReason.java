package io.palr.api.training;

/** Why a training loop ended. */
public enum StopReason {
  /** It reached its epoch or step bound. */
  COMPLETED,
  /** The validation metric stopped improving ({@link EarlyStopping}). */
  EARLY_STOPPING,
  /** Its wall-time budget ran out ({@link TimeBudget}). */
  TIME_BUDGET
}
