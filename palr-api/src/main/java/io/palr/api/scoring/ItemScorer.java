package io.palr.api.scoring;

import java.util.List;

/**
 * A model that scores every catalogue item for a user given the user's history as dense catalogue
 * indices (see palr-data's {@code io.palr.data.Catalog}). This is the fast path used by
 * full-ranking evaluation and batch retrieval; the public {@link io.palr.api.CandidateRetriever}
 * contract is built on top of it.
 *
 * <p>Implementations are thread-safe. A scorer that holds native memory (a trained network)
 * releases it in {@link #close()}; the default does nothing.
 */
public interface ItemScorer extends AutoCloseable {

  /** Releases native memory, if any; idempotent. */
  @Override
  default void close() {}

  /** Number of catalogue items scored (the length of each score row). */
  int numItems();

  /**
   * Scores all items for each history.
   *
   * @param histories one history per user, dense catalogue indices, oldest first; may be empty
   *     arrays
   * @return one row of {@link #numItems()} scores per history, higher is better; items in a history
   *     are NOT masked
   */
  float[][] scoreAll(List<int[]> histories);
}
