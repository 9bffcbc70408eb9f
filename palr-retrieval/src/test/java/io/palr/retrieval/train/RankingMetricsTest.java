package io.palr.retrieval.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.scoring.ItemScorer;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  /** Scores item i as i for every user. */
  private final ItemScorer byIndex =
      new ItemScorer() {
        @Override
        public int numItems() {
          return 20;
        }

        @Override
        public float[][] scoreAll(List<int[]> histories) {
          float[][] out = new float[histories.size()][20];
          for (float[] row : out) {
            for (int i = 0; i < 20; i++) {
              row[i] = i;
            }
          }
          return out;
        }
      };

  @Test
  void fullRankingExcludesHistoryAndComputesNdcg() {
    // target 17: items 19, 18 outrank it, 19 is in the history -> rank 1 -> NDCG 1/log2(3)
    RankingMetrics.Result r =
        RankingMetrics.fullRanking(
            byIndex, List.of(new int[] {19}, new int[] {}), new int[] {17, 5}, 10, 1);
    assertThat(r.users()).isEqualTo(2);
    assertThat(r.hitRate()).isEqualTo(0.5);
    assertThat(r.ndcg()).isCloseTo(0.5 / (Math.log(3) / Math.log(2)), Offset.offset(1e-12));
  }

  @Test
  void userSampleIsSeededSortedAndDistinct() {
    int[] a = RankingMetrics.sampleUsers(100, 10, 3);
    assertThat(a)
        .hasSize(10)
        .isSorted()
        .doesNotHaveDuplicates()
        .isEqualTo(RankingMetrics.sampleUsers(100, 10, 3));
    assertThat(RankingMetrics.sampleUsers(5, 0, 3)).containsExactly(0, 1, 2, 3, 4);
  }
}
