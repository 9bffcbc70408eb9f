package io.palr.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.RankingStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryPalrMetricsTest {
  @Test
  void countsAndPercentilesOverTheWindow() {
    InMemoryPalrMetrics m = new InMemoryPalrMetrics(100);
    for (int i = 1; i <= 200; i++) {
      boolean fallback = i % 4 == 0;
      m.record(
          new RequestOutcome(
              fallback ? RankingStatus.FALLBACK_RETRIEVER_ORDER : RankingStatus.LLM_RANKED,
              fallback ? Optional.of(FallbackReason.TIMEOUT) : Optional.empty(),
              3,
              1,
              2,
              1,
              Duration.ofMillis(i)));
    }
    MetricsSnapshot s = m.snapshot();
    assertThat(s.requests()).isEqualTo(200);
    assertThat(s.byStatus().get(RankingStatus.LLM_RANKED)).isEqualTo(150);
    assertThat(s.fallbacks().get(FallbackReason.TIMEOUT)).isEqualTo(50);
    assertThat(s.fallbacks().get(FallbackReason.RANKER_ERROR)).isZero();
    assertThat(s.hallucinations()).isEqualTo(400);
    assertThat(s.parseFailures()).isEqualTo(200);
    assertThat(s.llmRankedRate()).isEqualTo(0.75);
    // the window holds requests 101..200
    assertThat(s.latencyP50()).isEqualTo(Duration.ofMillis(150));
    assertThat(s.latencyP99()).isEqualTo(Duration.ofMillis(199));
    assertThat(s.latencyMax()).isEqualTo(Duration.ofMillis(200));
    assertThat(new InMemoryPalrMetrics().snapshot().latencyP95()).isEqualTo(Duration.ZERO);
  }
}
