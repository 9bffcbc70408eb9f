package io.palr.openai.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(
          5,
          Duration.ofMillis(100),
          2.0,
          Duration.ofMillis(350),
          0.5,
          Duration.ofSeconds(10),
          false);

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    assertThat(policy.baseBackoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.baseBackoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.baseBackoff(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(policy.baseBackoff(30)).isEqualTo(Duration.ofMillis(350));
  }

  @Test
  void jitterStaysWithinItsFraction() {
    assertThat(policy.delayBefore(2, null, () -> 0.0)).contains(Duration.ofMillis(200));
    assertThat(policy.delayBefore(2, null, () -> 0.999999).orElseThrow().toMillis()).isEqualTo(100);
    for (int i = 0; i < 200; i++) {
      Duration d = policy.delayBefore(1, null, Math::random).orElseThrow();
      assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }
  }

  @Test
  void retryAfterIsALowerBoundAndTooLongEndsRetries() {
    assertThat(policy.delayBefore(1, Duration.ofSeconds(2), () -> 0.5))
        .contains(Duration.ofSeconds(2));
    assertThat(policy.delayBefore(1, Duration.ofMillis(10), () -> 0.0))
        .contains(Duration.ofMillis(100));
    assertThat(policy.delayBefore(1, Duration.ofSeconds(11), () -> 0.0)).isEmpty();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> policy.withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.withBackoff(Duration.ofMillis(-1), 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy.baseBackoff(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
