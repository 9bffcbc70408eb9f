package io.palr.openai.metrics;

import io.palr.openai.error.FailureKind;
import io.palr.openai.resilience.CircuitState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link BackendMetricsListener} that keeps counters in memory, for health endpoints, tests and
 * as the simplest bridge: poll {@link #snapshot()} and export the numbers. Thread-safe.
 */
public final class CountingMetricsListener implements BackendMetricsListener {

  private final LongAdder attempts = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
  private final LongAdder latencyNanos = new LongAdder();
  private final LongAdder completedAttempts = new LongAdder();
  private final AtomicLong maxLatencyNanos = new AtomicLong();
  private final LongAdder breakerOpenings = new LongAdder();
  private final AtomicReference<CircuitState> breakerState =
      new AtomicReference<>(CircuitState.CLOSED);

  /** A listener with all counters at zero. */
  public CountingMetricsListener() {
    for (FailureKind kind : FailureKind.values()) {
      failures.put(kind, new LongAdder());
    }
  }

  @Override
  public void onAttempt(String operation) {
    attempts.increment();
  }

  @Override
  public void onAttemptCompleted(String operation, int statusCode, Duration latency) {
    long nanos = latency.toNanos();
    completedAttempts.increment();
    latencyNanos.add(nanos);
    maxLatencyNanos.accumulateAndGet(nanos, Math::max);
  }

  @Override
  public void onRetry(String operation, int retry, FailureKind cause, Duration delay) {
    retries.increment();
  }

  @Override
  public void onFailure(String operation, FailureKind kind) {
    failures.get(kind).increment();
  }

  @Override
  public void onSuccess(String operation, Duration latency) {
    successes.increment();
  }

  @Override
  public void onCircuitStateChange(CircuitState from, CircuitState to) {
    breakerState.set(to);
    if (to == CircuitState.OPEN) {
      breakerOpenings.increment();
    }
  }

  /** The counters now. */
  public MetricsSnapshot snapshot() {
    Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
    failures.forEach((kind, adder) -> byKind.put(kind, adder.sum()));
    long completed = completedAttempts.sum();
    return new MetricsSnapshot(
        attempts.sum(),
        retries.sum(),
        successes.sum(),
        byKind,
        completed == 0 ? Duration.ZERO : Duration.ofNanos(latencyNanos.sum() / completed),
        Duration.ofNanos(maxLatencyNanos.get()),
        breakerOpenings.sum(),
        breakerState.get());
  }
}
