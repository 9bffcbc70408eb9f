package io.palr.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RanksTest {

  @Test
  void fullRankCountsStrictlyBetterNonExcludedItems() {
    float[] s = {0.5f, 0.9f, 0.1f, 0.9f, 0.7f};
    // target 4 (0.7): items 1 and 3 score higher, item 1 is known
    TargetRank r = Ranks.full(s, 4, new int[] {1}, "u");
    assertThat(r).isEqualTo(TargetRank.of(1, 0));
    assertThat(TiePolicy.PESSIMISTIC.position(r)).isEqualTo(2.0);
    assertThat(Ranks.full(s, 4, new int[] {}, "u").bestPosition()).isEqualTo(3);
  }

  @Test
  void tiesFollowThePolicy() {
    float[] s = {1f, 1f, 1f, 1f, 1f};
    // item 2 excluded (twice: duplicates in histories must not be subtracted twice)
    TargetRank r = Ranks.full(s, 0, new int[] {2, 2}, "u");
    assertThat(r).isEqualTo(TargetRank.of(0, 3));
    assertThat(TiePolicy.PESSIMISTIC.position(r)).isEqualTo(4.0);
    assertThat(TiePolicy.OPTIMISTIC.position(r)).isEqualTo(1.0);
    assertThat(TiePolicy.EXPECTED.position(r)).isEqualTo(2.5);
    assertThat(TiePolicy.PESSIMISTIC.value(Metric.hr(1), r)).isEqualTo(0.0);
    assertThat(TiePolicy.OPTIMISTIC.value(Metric.hr(1), r)).isEqualTo(1.0);
    assertThat(TiePolicy.EXPECTED.value(Metric.hr(1), r)).isEqualTo(0.25);
    assertThat(TiePolicy.EXPECTED.value(Metric.mrr(), r))
        .isCloseTo((1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 4, within(1e-12));
  }

  @Test
  void targetInHistoryIsStillRanked() {
    float[] s = {0.2f, 0.4f, 0.3f};
    TargetRank r = Ranks.full(s, 2, new int[] {2, 1}, "u");
    assertThat(r).isEqualTo(TargetRank.of(0, 0));
  }

  @Test
  void nanScoresAreErrorsNamingTheUser() {
    float[] targetNan = {0.2f, Float.NaN, 0.3f};
    assertThatThrownBy(() -> Ranks.full(targetNan, 1, new int[] {}, "alice"))
        .isInstanceOf(InvalidScoreException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("index 1");
    float[] otherNan = {0.2f, 0.4f, Float.NaN, 0.1f};
    assertThatThrownBy(() -> Ranks.full(otherNan, 1, new int[] {}, "bob"))
        .isInstanceOf(InvalidScoreException.class)
        .hasMessageContaining("bob")
        .hasMessageContaining("index 2");
    // a NaN on a known (excluded) item is not ranked, so it is harmless
    assertThat(Ranks.full(otherNan, 1, new int[] {2}, "bob")).isEqualTo(TargetRank.of(0, 0));
    float[] twoNan = {Float.NaN, 0.4f, Float.NaN, 0.1f};
    assertThatThrownBy(() -> Ranks.full(twoNan, 1, new int[] {0}, "carol"))
        .hasMessageContaining("index 2");
    assertThatThrownBy(() -> Ranks.sampled(otherNan, 1, new int[] {2}, "dave"))
        .isInstanceOf(InvalidScoreException.class)
        .hasMessageContaining("dave");
  }

  @Test
  void sampledRankUsesOnlyNegatives() {
    float[] s = {0.9f, 0.5f, 0.5f, 0.8f, 0.1f};
    assertThat(Ranks.sampled(s, 1, new int[] {2, 3, 4}, "u")).isEqualTo(TargetRank.of(1, 1));
    assertThat(Ranks.sampled(s, 1, new int[] {4}, "u")).isEqualTo(TargetRank.of(0, 0));
  }

  @Test
  void listRankSkipsKnownItemsRepeatsAndUnknowns() {
    List<Integer> list = List.of(5, 3, -1, 7, 5, 9);
    assertThat(Ranks.inList(list, 9, new int[] {3}, 10)).isEqualTo(TargetRank.atPosition(3));
    assertThat(Ranks.inList(list, 9, new int[] {3}, 2)).isEqualTo(TargetRank.miss());
    assertThat(Ranks.inList(list, 4, new int[] {}, 10)).isEqualTo(TargetRank.miss());
    assertThat(TiePolicy.PESSIMISTIC.value(Metric.ndcg(10), TargetRank.miss())).isEqualTo(0.0);
    assertThat(TiePolicy.EXPECTED.position(TargetRank.miss())).isNaN();
  }

  @Test
  void badIndicesAreRejected() {
    assertThatThrownBy(() -> Ranks.full(new float[3], 3, new int[] {}, "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target index 3");
    assertThatThrownBy(() -> Ranks.full(new float[3], 0, new int[] {7}, "u"))
        .hasMessageContaining("history item index 7");
  }
}
