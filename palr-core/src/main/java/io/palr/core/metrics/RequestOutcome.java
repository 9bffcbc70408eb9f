package io.palr.core.metrics;

import io.palr.api.RankingStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one recommendation request.
 *
 * @param status how the final order was decided
 * @param fallbackReason why the pipeline fell back, when {@code status} is a fallback
 * @param llmRankedItems how many returned items the LLM placed
 * @param backfilledItems how many returned items were back-filled in retriever order
 * @param hallucinations generated items dropped because they were not candidates
 * @param parseFailures generated lines that matched nothing
 * @param latency wall time of the request
 */
public record RequestOutcome(
    RankingStatus status,
    Optional<FallbackReason> fallbackReason,
    int llmRankedItems,
    int backfilledItems,
    int hallucinations,
    int parseFailures,
    Duration latency) {
  /** Validates the components. */
  public RequestOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(fallbackReason, "fallbackReason");
    Objects.requireNonNull(latency, "latency");
  }
}
