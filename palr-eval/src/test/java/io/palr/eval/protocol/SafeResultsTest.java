package io.palr.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.TestData;
import org.junit.jupiter.api.Test;

/** Results say what they are: capped negatives are labelled, high fallback rates refused. */
class SafeResultsTest {
  @Test
  void usersWithTooFewUnseenItemsAreLabelledNotHidden() {
    // 40 items, histories of up to 12: asking for 35 negatives caps some users
    LeaveOneOutSplit split = TestData.randomSplit(60, 40, 12, 5);
    EvaluationResult capped =
        Evaluator.builder(split)
            .protocol(RankingProtocol.sampled(35, 3))
            .build()
            .evaluate("idx", TestData.indexOrder(40));
    assertThat(capped.extras().get("capped_negatives_rate")).isBetween(0.01, 1.0);
    EvaluationResult enough =
        Evaluator.builder(split)
            .protocol(RankingProtocol.sampled(5, 3))
            .build()
            .evaluate("idx", TestData.indexOrder(40));
    assertThat(enough.extras()).doesNotContainKey("capped_negatives_rate");
  }

  @Test
  void fallbackAboveTheLimitFailsNamingTheOption() {
    LeaveOneOutSplit split = TestData.randomSplit(20, 30, 6, 1);
    EvaluationResult r =
        Evaluator.builder(split)
            .build()
            .evaluate("palr", TestData.indexOrder(30))
            .withExtra("fallback_rate", 0.75);
    FallbackRateException.check(r, 0.8, "--max-fallback-rate");
    assertThatThrownBy(() -> FallbackRateException.check(r, 0.5, "--max-fallback-rate"))
        .isInstanceOf(FallbackRateException.class)
        .hasMessageContaining("system 'palr' answered 75.0% of users in retriever order")
        .hasMessageContaining("above --max-fallback-rate 0.5");
  }
}
