package io.palr.eval.protocol;

/**
 * Receives progress of an evaluation after each batch. Calls are serialised (never concurrent), but
 * may come from worker threads.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Does nothing. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * Called after a batch finished.
   *
   * @param usersDone users evaluated so far
   * @param usersTotal users to evaluate in total
   */
  void onProgress(int usersDone, int usersTotal);
}
