package io.palr.api.training;

/**
 * Training produced non-finite losses or gradients beyond what its {@link DivergenceCheck}
 * tolerates. Callers catch it by type, e.g. to retry with a lower learning rate. (An {@link
 * IllegalStateException}, as the loops threw before this type existed.)
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final long step;

  /**
   * A divergence.
   *
   * @param message what diverged, where, and what to try
   * @param epoch the 1-based epoch of the last non-finite step
   * @param step applied steps before it
   */
  public TrainingDivergedException(String message, int epoch, long step) {
    super(message);
    this.epoch = epoch;
    this.step = step;
  }

  /** The 1-based epoch of the last non-finite step. */
  public int epoch() {
    return epoch;
  }

  /** Applied steps before the last non-finite step. */
  public long step() {
    return step;
  }
}
