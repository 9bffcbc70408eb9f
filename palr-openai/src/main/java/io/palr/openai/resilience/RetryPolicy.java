package io.palr.openai.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before retrying a failed HTTP attempt: jittered exponential backoff,
 * with the server's Retry-After honoured as a lower bound. Which failures are retryable is decided
 * by the transport (429, 5xx and connection errors only); this policy only decides the schedule.
 *
 * <p>The backoff before retry {@code n} (1-based) is {@code b = min(maxBackoff, initialBackoff *
 * multiplier^(n-1))}, jittered uniformly into {@code [b * (1 - jitter), b]} so that synchronized
 * clients spread out while a lower bound stays guaranteed. A Retry-After hint raises the wait to at
 * least the hint; a hint longer than {@code maxRetryAfter} ends the retries (the caller fails fast
 * rather than blocking for minutes).
 *
 * @param maxAttempts total attempts including the first, at least 1 (1 disables retries)
 * @param initialBackoff backoff before the first retry
 * @param multiplier growth factor per retry, at least 1
 * @param maxBackoff cap of the exponential part
 * @param jitter fraction of the backoff that is randomised, in [0, 1]
 * @param maxRetryAfter longest Retry-After hint that is still waited for
 * @param retryOnTimeout whether a request that timed out is retried (off by default: a slow server
 *     gets slower when the same long generation is sent again)
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    double jitter,
    Duration maxRetryAfter,
    boolean retryOnTimeout) {

  /** Validates the components. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    requireNonNegative(initialBackoff, "initialBackoff");
    requireNonNegative(maxBackoff, "maxBackoff");
    requireNonNegative(maxRetryAfter, "maxRetryAfter");
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
    }
  }

  /**
   * Three attempts, 250 ms initial backoff doubling up to 5 s, 50 % jitter, Retry-After honoured up
   * to 30 s.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        3, Duration.ofMillis(250), 2.0, Duration.ofSeconds(5), 0.5, Duration.ofSeconds(30), false);
  }

  /** A single attempt: never retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0, Duration.ZERO, false);
  }

  /** A copy with another attempt limit. */
  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter, retryOnTimeout);
  }

  /** A copy with another backoff schedule. */
  public RetryPolicy withBackoff(Duration initialBackoff, double multiplier, Duration maxBackoff) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter, retryOnTimeout);
  }

  /** A copy with another jitter fraction. */
  public RetryPolicy withJitter(double jitter) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter, retryOnTimeout);
  }

  /** A copy with another cap on honoured Retry-After hints. */
  public RetryPolicy withMaxRetryAfter(Duration maxRetryAfter) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter, retryOnTimeout);
  }

  /** A copy that does or does not retry timed-out requests. */
  public RetryPolicy withRetryOnTimeout(boolean retryOnTimeout) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter, retryOnTimeout);
  }

  /** The un-jittered backoff before retry {@code retry} (1-based). */
  public Duration baseBackoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1: " + retry);
    }
    double millis = initialBackoff.toNanos() / 1e6 * Math.pow(multiplier, retry - 1);
    double capped = Math.min(millis, maxBackoff.toNanos() / 1e6);
    return Duration.ofNanos((long) (capped * 1e6));
  }

  /**
   * How long to wait before retry {@code retry} (1-based), or empty when the server asked for a
   * longer pause than {@link #maxRetryAfter()} allows.
   *
   * @param retry which retry this is, 1 for the first
   * @param retryAfter the server's Retry-After hint, or null
   * @param random a source of uniform numbers in [0, 1)
   */
  public Optional<Duration> delayBefore(int retry, Duration retryAfter, DoubleSupplier random) {
    Objects.requireNonNull(random, "random");
    if (retryAfter != null && retryAfter.compareTo(maxRetryAfter) > 0) {
      return Optional.empty();
    }
    long base = baseBackoff(retry).toNanos();
    long jittered = base - (long) (base * jitter * random.getAsDouble());
    long wait = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toNanos());
    return Optional.of(Duration.ofNanos(wait));
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
  }
}
