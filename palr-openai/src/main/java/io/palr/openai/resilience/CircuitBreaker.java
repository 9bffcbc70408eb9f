package io.palr.openai.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * A consecutive-failure circuit breaker: {@link CircuitState#CLOSED} until {@code failureThreshold}
 * failures in a row, then {@link CircuitState#OPEN} (every call rejected) for {@code openDuration},
 * then {@link CircuitState#HALF_OPEN} where {@code halfOpenTrials} calls may pass: that many
 * successes close it, any failure opens it again. Thread-safe.
 *
 * <p>Each admitted call holds a {@link Permit} and reports exactly one outcome on it. Outcomes are
 * tied to the state epoch the permit was issued in, so a slow call admitted before the breaker
 * opened cannot close it afterwards.
 */
public final class CircuitBreaker {

  private final CircuitBreakerConfig config;
  private final LongSupplier nanoClock;
  private final BiConsumer<CircuitState, CircuitState> onTransition;

  private CircuitState state = CircuitState.CLOSED;
  private long epoch;
  private int consecutiveFailures;
  private long openUntilNanos;
  private int trialsIssued;
  private int trialSuccesses;

  /**
   * A breaker.
   *
   * @param config thresholds
   * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   * @param onTransition called (outside the lock) with the old and new state on every transition
   */
  public CircuitBreaker(
      CircuitBreakerConfig config,
      LongSupplier nanoClock,
      BiConsumer<CircuitState, CircuitState> onTransition) {
    this.config = Objects.requireNonNull(config, "config");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.onTransition = Objects.requireNonNull(onTransition, "onTransition");
  }

  /** A breaker on the system clock that reports transitions nowhere. */
  public CircuitBreaker(CircuitBreakerConfig config) {
    this(config, System::nanoTime, (from, to) -> {});
  }

  /** The current state (an open breaker whose time is up reports {@code HALF_OPEN}). */
  public CircuitState state() {
    CircuitState[] transition = null;
    CircuitState current;
    synchronized (this) {
      transition = maybeHalfOpen();
      current = state;
    }
    fire(transition);
    return current;
  }

  /** How long until an open breaker lets a trial call through; zero when not open. */
  public synchronized Duration remainingOpen() {
    if (state != CircuitState.OPEN) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, openUntilNanos - nanoClock.getAsLong()));
  }

  /**
   * Asks to make a call: a permit to report the outcome on, or null when the call must fail fast.
   */
  public Permit tryAcquire() {
    CircuitState[] transition;
    Permit permit = null;
    synchronized (this) {
      transition = maybeHalfOpen();
      switch (state) {
        case CLOSED -> permit = new Permit(epoch);
        case HALF_OPEN -> {
          if (trialsIssued < config.halfOpenTrials()) {
            trialsIssued++;
            permit = new Permit(epoch);
          }
        }
        case OPEN -> permit = null;
      }
    }
    fire(transition);
    return permit;
  }

  private CircuitState[] maybeHalfOpen() {
    if (state == CircuitState.OPEN && nanoClock.getAsLong() - openUntilNanos >= 0) {
      return moveTo(CircuitState.HALF_OPEN);
    }
    return null;
  }

  private CircuitState[] moveTo(CircuitState next) {
    CircuitState previous = state;
    state = next;
    epoch++;
    consecutiveFailures = 0;
    trialsIssued = 0;
    trialSuccesses = 0;
    if (next == CircuitState.OPEN) {
      openUntilNanos = nanoClock.getAsLong() + config.openDuration().toNanos();
    }
    return new CircuitState[] {previous, next};
  }

  private void fire(CircuitState[] transition) {
    if (transition != null) {
      onTransition.accept(transition[0], transition[1]);
    }
  }

  private void recordSuccess(long permitEpoch) {
    CircuitState[] transition = null;
    synchronized (this) {
      if (permitEpoch != epoch) {
        return;
      }
      if (state == CircuitState.CLOSED) {
        consecutiveFailures = 0;
      } else if (state == CircuitState.HALF_OPEN && ++trialSuccesses >= config.halfOpenTrials()) {
        transition = moveTo(CircuitState.CLOSED);
      }
    }
    fire(transition);
  }

  private void recordFailure(long permitEpoch) {
    CircuitState[] transition = null;
    synchronized (this) {
      if (permitEpoch != epoch) {
        return;
      }
      if (state == CircuitState.CLOSED && ++consecutiveFailures >= config.failureThreshold()) {
        transition = moveTo(CircuitState.OPEN);
      } else if (state == CircuitState.HALF_OPEN) {
        transition = moveTo(CircuitState.OPEN);
      }
    }
    fire(transition);
  }

  private void recordNeutral(long permitEpoch) {
    synchronized (this) {
      if (permitEpoch == epoch && state == CircuitState.HALF_OPEN) {
        trialsIssued--;
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "CircuitBreaker["
        + state
        + ", consecutiveFailures="
        + consecutiveFailures
        + ", "
        + config
        + "]";
  }

  /** The right to make one call; report exactly one outcome (later reports are ignored). */
  public final class Permit {
    private final long permitEpoch;
    private boolean reported;

    private Permit(long permitEpoch) {
      this.permitEpoch = permitEpoch;
    }

    /** The call succeeded (the server is healthy, even if it rejected the request as invalid). */
    public void success() {
      if (claim()) {
        recordSuccess(permitEpoch);
      }
    }

    /**
     * The call failed in a way that says the server is unhealthy (5xx, 429, timeout, connection,
     * garbage).
     */
    public void failure() {
      if (claim()) {
        recordFailure(permitEpoch);
      }
    }

    /**
     * The call ended without saying anything about the server (e.g. the caller was interrupted).
     */
    public void release() {
      if (claim()) {
        recordNeutral(permitEpoch);
      }
    }

    private synchronized boolean claim() {
      if (reported) {
        return false;
      }
      reported = true;
      return true;
    }
  }
}
