package io.palr.api.training;

/** What a {@link TrainingListener} may ask of the loop it listens to. */
public interface TrainingControl {
  /**
   * Asks the loop to stop at its next stopping point. The first request wins; later ones are
   * ignored.
   *
   * @param reason why
   * @param detail one line for people
   */
  void requestStop(StopReason reason, String detail);

  /** Whether a stop has been requested. */
  boolean stopRequested();
}
