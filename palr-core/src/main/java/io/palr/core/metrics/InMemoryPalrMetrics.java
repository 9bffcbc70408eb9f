package io.palr.core.metrics;

import io.palr.api.RankingStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The default {@link PalrMetrics}: lock-free counters, and latency percentiles over a ring buffer
 * of the most recent requests (default 10,000). Thread-safe.
 */
public final class InMemoryPalrMetrics implements PalrMetrics {
  private final LongAdder requests = new LongAdder();
  private final EnumMap<RankingStatus, LongAdder> byStatus = new EnumMap<>(RankingStatus.class);
  private final EnumMap<FallbackReason, LongAdder> fallbacks = new EnumMap<>(FallbackReason.class);
  private final LongAdder hallucinations = new LongAdder();
  private final LongAdder parseFailures = new LongAdder();
  private final LongAdder backfilled = new LongAdder();
  private final long[] latencies;
  private long recorded;

  /** Metrics keeping the latencies of the last {@code window} requests for percentiles. */
  public InMemoryPalrMetrics(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1: " + window);
    }
    latencies = new long[window];
    for (RankingStatus s : RankingStatus.values()) {
      byStatus.put(s, new LongAdder());
    }
    for (FallbackReason r : FallbackReason.values()) {
      fallbacks.put(r, new LongAdder());
    }
  }

  /** Metrics with a window of 10,000 requests. */
  public InMemoryPalrMetrics() {
    this(10_000);
  }

  @Override
  public void record(RequestOutcome o) {
    requests.increment();
    byStatus.get(o.status()).increment();
    o.fallbackReason().ifPresent(r -> fallbacks.get(r).increment());
    hallucinations.add(o.hallucinations());
    parseFailures.add(o.parseFailures());
    backfilled.add(o.backfilledItems());
    synchronized (latencies) {
      latencies[(int) (recorded++ % latencies.length)] = o.latency().toNanos();
    }
  }

  /** The current counters and percentiles. */
  public MetricsSnapshot snapshot() {
    long[] window;
    synchronized (latencies) {
      window = Arrays.copyOf(latencies, (int) Math.min(recorded, latencies.length));
    }
    Arrays.sort(window);
    Map<RankingStatus, Long> s = new EnumMap<>(RankingStatus.class);
    byStatus.forEach((k, v) -> s.put(k, v.sum()));
    Map<FallbackReason, Long> f = new EnumMap<>(FallbackReason.class);
    fallbacks.forEach((k, v) -> f.put(k, v.sum()));
    return new MetricsSnapshot(
        requests.sum(),
        s,
        f,
        hallucinations.sum(),
        parseFailures.sum(),
        backfilled.sum(),
        percentile(window, 0.50),
        percentile(window, 0.95),
        percentile(window, 0.99),
        window.length == 0 ? Duration.ZERO : Duration.ofNanos(window[window.length - 1]));
  }

  /** The nearest-rank percentile of sorted values; zero for none. */
  static Duration percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
  }
}
