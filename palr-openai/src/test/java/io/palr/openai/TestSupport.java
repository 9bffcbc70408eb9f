package io.palr.openai;

import io.palr.openai.resilience.CircuitBreakerConfig;
import io.palr.openai.resilience.RetryPolicy;
import java.time.Duration;

/** Shared configuration for tests against {@link FakeOpenAiServer}: short timeouts and backoffs. */
final class TestSupport {

  /** The API key used by every test; it must never show up in logs or exception messages. */
  static final String SECRET = "sk-palr-test-SECRET-0123456789abcdef";

  private TestSupport() {}

  static RetryPolicy fastRetries(int attempts) {
    return new RetryPolicy(
        attempts,
        Duration.ofMillis(20),
        2.0,
        Duration.ofMillis(200),
        0.5,
        Duration.ofSeconds(3),
        false);
  }

  static OpenAiConfig.Builder config(FakeOpenAiServer server) {
    return OpenAiConfig.builder()
        .baseUrl(server.baseUrl())
        .model("llama-test")
        .apiKey(SECRET)
        .serverName("fake")
        .connectTimeout(Duration.ofSeconds(1))
        .requestTimeout(Duration.ofSeconds(3))
        .retryPolicy(fastRetries(3))
        .circuitBreaker(new CircuitBreakerConfig(100, Duration.ofSeconds(1), 1))
        .continuationScoring(CapabilitySetting.ENABLED)
        .constrainedChoice(CapabilitySetting.ENABLED);
  }
}
