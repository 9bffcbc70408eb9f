package io.palr.core.metrics;

import io.palr.api.RankingStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Counters and latency percentiles at one moment.
 *
 * @param requests requests recorded
 * @param byStatus requests per final ranking status (every status present, possibly 0)
 * @param fallbacks fallbacks per reason (every reason present, possibly 0)
 * @param hallucinations generated items dropped as non-candidates, summed
 * @param parseFailures generated lines that matched nothing, summed
 * @param backfilledItems items back-filled in retriever order, summed
 * @param latencyP50 median latency over the recent window
 * @param latencyP95 95th percentile latency over the recent window
 * @param latencyP99 99th percentile latency over the recent window
 * @param latencyMax largest latency over the recent window
 */
public record MetricsSnapshot(
    long requests,
    Map<RankingStatus, Long> byStatus,
    Map<FallbackReason, Long> fallbacks,
    long hallucinations,
    long parseFailures,
    long backfilledItems,
    Duration latencyP50,
    Duration latencyP95,
    Duration latencyP99,
    Duration latencyMax) {
  /** Validates and defensively copies the components. */
  public MetricsSnapshot {
    byStatus = Map.copyOf(Objects.requireNonNull(byStatus, "byStatus"));
    fallbacks = Map.copyOf(Objects.requireNonNull(fallbacks, "fallbacks"));
  }

  /** The share of requests the LLM ranked, in [0, 1]; 0 before the first request. */
  public double llmRankedRate() {
    return requests == 0
        ? 0
        : (double) byStatus.getOrDefault(RankingStatus.LLM_RANKED, 0L) / requests;
  }
}
