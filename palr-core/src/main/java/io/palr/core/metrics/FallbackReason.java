package io.palr.core.metrics;

/** Why the pipeline fell back to retriever order. */
public enum FallbackReason {
  /** The ranker (or the model, or profile generation) threw. */
  RANKER_ERROR,
  /** The ranker did not answer within the per-request latency budget. */
  TIMEOUT,
  /**
   * The ranker answered, but no answer item was a candidate (empty, garbage or hallucinated
   * output).
   */
  UNUSABLE_OUTPUT,
  /** The ranker's executor had no room for the request. */
  OVERLOADED,
  /** The retriever returned no candidates, so there was nothing to rank. */
  NO_CANDIDATES
}
