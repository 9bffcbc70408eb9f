package io.palr.api;

/**
 * Stage 3 of PALR: an LLM orders the retriever's candidates for a user. Implementations must be
 * safe for concurrent callers, must only ever return members of the request's candidate list, and
 * signal failure by throwing {@link RankingException} (the pipeline then falls back to retriever
 * order).
 */
public interface LlmRanker {

  /** A short stable name used in provenance, e.g. "palr-v2:stories260K". */
  String name();

  /** Ranks the candidates of the request. */
  RankingResult rank(RankingRequest request);
}
