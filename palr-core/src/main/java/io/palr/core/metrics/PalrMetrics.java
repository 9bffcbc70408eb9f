package io.palr.core.metrics;

/**
 * Receives the outcome of every pipeline request. Implementations must be thread-safe and fast
 * (they are called on the request path). To publish to Micrometer, implement this interface with
 * counters tagged by status and reason and a timer for the latency, or poll {@link
 * InMemoryPalrMetrics#snapshot()} from gauges.
 */
public interface PalrMetrics {

  /** Records one request. */
  void record(RequestOutcome outcome);

  /** Metrics that discard everything. */
  static PalrMetrics noop() {
    return outcome -> {};
  }
}
