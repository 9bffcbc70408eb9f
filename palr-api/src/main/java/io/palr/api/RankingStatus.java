package io.palr.api;

/** How the final order of a {@link Recommendation} came about. */
public enum RankingStatus {
  /**
   * The LLM ranked the candidates (some tail positions may still be back-filled, see {@link
   * RankedItem#llmRanked()}).
   */
  LLM_RANKED,
  /** No ranker was configured: the retriever's order is the answer. */
  RETRIEVER_ONLY,
  /** The LLM failed, timed out or produced nothing usable: the retriever's order is the answer. */
  FALLBACK_RETRIEVER_ORDER,
  /**
   * The history was empty or unknown: a cold-start fallback (e.g. popularity) produced the answer.
   */
  COLD_START
}
