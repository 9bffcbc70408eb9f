package io.palr.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link Recommendation} came from: which stages ran, how the order was decided and why.
 *
 * @param retriever name of the candidate retriever
 * @param ranker name of the LLM ranker, or "none"
 * @param status how the final order was decided
 * @param detail a human-readable reason, e.g. why a fallback happened; empty when there is nothing
 *     to say
 * @param profile the profile used in the prompt
 * @param hallucinations number of generated items that were not candidates (dropped)
 * @param latency wall time of the whole request
 */
public record Provenance(
    String retriever,
    String ranker,
    RankingStatus status,
    String detail,
    UserProfile profile,
    int hallucinations,
    Duration latency) {
  /** Validates the components. */
  public Provenance {
    Objects.requireNonNull(retriever, "retriever");
    Objects.requireNonNull(ranker, "ranker");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(latency, "latency");
  }
}
