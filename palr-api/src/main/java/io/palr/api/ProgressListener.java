package io.palr.api;

/**
 * Receives how far a long task has got: evaluation (users), training or fine-tuning (optimizer
 * steps, through {@link io.palr.api.training.TrainingListener#progress}). Calls are serialised
 * (never concurrent) but may come from worker threads; keep them cheap.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Does nothing. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * Called as work finishes.
   *
   * @param done units done so far
   * @param total units planned (an upper bound where the task may end early)
   */
  void onProgress(long done, long total);
}
