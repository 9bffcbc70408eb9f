package io.palr.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.TestData;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {

  @Test
  void negativesAreNeverTheTargetNorInTheHistoryAndDistinct() {
    SplittableRandom rng = new SplittableRandom(1);
    for (NegativeSampler s :
        new NegativeSampler[] {
          NegativeSampler.uniform(60, 3), NegativeSampler.weighted(skewed(60), 3)
        }) {
      for (int user = 0; user < 500; user++) {
        int[] history = rng.ints(1 + rng.nextInt(40), 0, 60).toArray();
        int target = rng.nextInt(60);
        int[] neg = s.sample(user, target, history, 15);
        long eligible = 60 - Arrays.stream(history).filter(i -> i != target).distinct().count() - 1;
        assertThat(neg)
            .hasSize((int) Math.min(15, eligible))
            .doesNotHaveDuplicates()
            .doesNotContain(target);
        for (int h : history) {
          assertThat(neg).doesNotContain(h);
        }
      }
    }
  }

  @Test
  void seededAndIndependentOfCallOrder() {
    NegativeSampler a = NegativeSampler.uniform(1000, 42);
    int[] h = {1, 2, 3};
    int[] first = a.sample(7, 9, h, 100);
    a.sample(8, 9, h, 100);
    assertThat(NegativeSampler.uniform(1000, 42).sample(7, 9, h, 100)).isEqualTo(first);
    assertThat(a.sample(7, 9, h, 100)).isEqualTo(first);
    assertThat(NegativeSampler.uniform(1000, 43).sample(7, 9, h, 100)).isNotEqualTo(first);
    assertThat(a.sample(6, 9, h, 100)).isNotEqualTo(first);
  }

  @Test
  void takesAllEligibleItemsWhenTooFew() {
    int[] neg = NegativeSampler.uniform(10, 1).sample(0, 0, new int[] {1, 2, 2, 3}, 100);
    assertThat(neg).containsExactlyInAnyOrder(4, 5, 6, 7, 8, 9);
    double[] w = new double[10];
    w[9] =
        1; // most eligible items have weight 0; the rejection loop cannot finish and the exact fill
    // takes over
    int[] wneg = NegativeSampler.weighted(w, 1).sample(0, 0, new int[] {1}, 5);
    assertThat(wneg).hasSize(5).doesNotHaveDuplicates().doesNotContain(0, 1);
    assertThat(wneg[0]).isEqualTo(9); // the only positive-weight item is drawn first
  }

  @Test
  void popularityWeightingFollowsTheWeights() {
    // weight of item i is i+1: item 99 should come up 100x as often as item 0 for single draws
    NegativeSampler s = NegativeSampler.weighted(skewed(100), 5);
    int[] counts = new int[100];
    int draws = 200_000;
    for (int u = 0; u < draws; u++) {
      counts[s.sample(u, 0, new int[0], 1)[0]]++;
    }
    double total = 100 * 101 / 2.0 - 1; // item 0 is the target and never drawn
    for (int i : new int[] {1, 10, 50, 99}) {
      double expected = draws * (i + 1) / total;
      assertThat((double) counts[i])
          .isBetween(expected - 5 * Math.sqrt(expected), expected + 5 * Math.sqrt(expected));
    }
    int top = Arrays.stream(counts, 90, 100).sum();
    int bottom = Arrays.stream(counts, 1, 11).sum();
    assertThat(top).isGreaterThan(8 * bottom);
    // uniform has no such skew
    NegativeSampler uni = NegativeSampler.uniform(100, 5);
    int[] ucounts = new int[100];
    for (int u = 0; u < draws; u++) {
      ucounts[uni.sample(u, 0, new int[0], 1)[0]]++;
    }
    assertThat((double) Arrays.stream(ucounts, 90, 100).sum() / Arrays.stream(ucounts, 1, 11).sum())
        .isBetween(0.9, 1.1);
  }

  @Test
  void popularityCountsTheTrainingItemsOnly() {
    LeaveOneOutSplit split = TestData.handSplit();
    // training parts: [0,1], [5,6], [9], [1]; validation items 2, 4, 8, 3 and the test items are
    // not counted, whatever the evaluation mode
    assertThat(NegativeSampler.popularityCounts(split))
        .containsExactly(1, 2, 0, 0, 0, 1, 1, 0, 0, 1);
  }

  @Test
  void rejectsBadWeights() {
    assertThatThrownBy(() -> NegativeSampler.weighted(new double[] {1, -1}, 0))
        .hasMessageContaining("item 1");
    assertThatThrownBy(() -> NegativeSampler.weighted(new double[] {0, 0}, 0))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> NegativeSampler.weighted(new double[] {1, Double.NaN}, 0))
        .hasMessageContaining("item 1");
  }

  private static double[] skewed(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = i + 1;
    }
    return w;
  }
}
