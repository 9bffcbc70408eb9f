package io.palr.api.training;

import java.util.Objects;

/**
 * How a training loop ended.
 *
 * @param reason why
 * @param epochs epochs run (the last possibly partial for step-bounded loops)
 * @param steps applied steps
 * @param detail one line for people, e.g. {@code no improvement of NDCG@10 in 4 validations}
 */
public record TrainingStop(StopReason reason, int epochs, long steps, String detail) {
  /** Checks the values. */
  public TrainingStop {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether the loop ended before its bound. */
  public boolean early() {
    return reason != StopReason.COMPLETED;
  }
}
