package io.palr.openai.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong();
  private final List<String> transitions = new ArrayList<>();
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          new CircuitBreakerConfig(3, Duration.ofSeconds(10), 2),
          now::get,
          (from, to) -> transitions.add(from + "->" + to));

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.tryAcquire().failure();
    }
  }

  @Test
  void opensAfterConsecutiveFailuresOnly() {
    fail(2);
    breaker.tryAcquire().success();
    fail(2);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(1);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.tryAcquire()).isNull();
    assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(10));
    assertThat(transitions).containsExactly("CLOSED->OPEN");
  }

  @Test
  void halfOpensAfterTheOpenDurationAndClosesAfterEnoughTrials() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
    assertThat(breaker.tryAcquire()).isNull();
    now.addAndGet(1);
    CircuitBreaker.Permit trial1 = breaker.tryAcquire();
    CircuitBreaker.Permit trial2 = breaker.tryAcquire();
    assertThat(trial1).isNotNull();
    assertThat(trial2).isNotNull();
    assertThat(breaker.tryAcquire()).as("only two trials while half-open").isNull();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    trial1.success();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    trial2.success();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void aFailedTrialReopens() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    breaker.tryAcquire().failure();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aReleasedTrialFreesItsSlot() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    CircuitBreaker.Permit a = breaker.tryAcquire();
    CircuitBreaker.Permit b = breaker.tryAcquire();
    assertThat(breaker.tryAcquire()).isNull();
    a.release();
    assertThat(breaker.tryAcquire()).isNotNull();
    b.release();
  }

  @Test
  void outcomesFromAnEarlierEpochAreIgnoredAndReportingTwiceCountsOnce() {
    CircuitBreaker.Permit slow = breaker.tryAcquire();
    fail(3);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    CircuitBreaker.Permit trial = breaker.tryAcquire();
    slow.success(); // admitted while closed: must not close the half-open breaker
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    CircuitBreaker.Permit p = breaker.tryAcquire();
    p.success();
    p.success();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    trial.success();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }
}
