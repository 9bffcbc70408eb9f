package io.palr.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.Provenance;
import io.palr.api.RankedItem;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.Recommender;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.TestData;
import io.palr.eval.metrics.InvalidScoreException;
import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TiePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final double EPS = 1e-12;
  private final LeaveOneOutSplit split = TestData.handSplit();

  @Test
  void handComputedFullRankingTestMetrics() {
    EvaluationResult r =
        Evaluator.builder(split)
            .metrics(Metric.hr(1), Metric.hr(5), Metric.hr(10), Metric.ndcg(10), Metric.mrr())
            .build()
            .evaluate("index-order", TestData.indexOrder(10));
    // positions u0:1, u1:7, u2:8, u4:2 (see TestData.handSplit)
    assertThat(r.users())
        .extracting(u -> u.position(TiePolicy.PESSIMISTIC))
        .containsExactly(1.0, 7.0, 8.0, 2.0);
    assertThat(r.userIds()).containsExactly("u0", "u1", "u2", "u4");
    assertThat(r.mean(Metric.hr(1))).isEqualTo(0.25);
    assertThat(r.mean(Metric.hr(5))).isEqualTo(0.5);
    assertThat(r.mean(Metric.hr(10))).isEqualTo(1.0);
    // (1 + 1/log2(8) + 1/log2(9) + 1/log2(3)) / 4
    assertThat(r.mean(Metric.ndcg(10))).isCloseTo(0.5699319909226299, within(EPS));
    // (1 + 1/7 + 1/8 + 1/2) / 4
    assertThat(r.mean(Metric.mrr())).isCloseTo(0.4419642857142857, within(EPS));
    assertThat(r.means()).containsOnlyKeys("HR@1", "HR@5", "HR@10", "NDCG@10", "MRR");
    assertThat(r.values(Metric.hr(5))).containsExactly(1, 0, 0, 1);
    assertThat(r.setup().mode()).isEqualTo(EvaluationMode.TEST);
    assertThat(r.setup().dataset()).isEqualTo("toy");
  }

  @Test
  void validationModeUsesTrainingHistoryAndSecondToLastTarget() {
    EvaluationResult r =
        Evaluator.builder(split)
            .mode(EvaluationMode.VALIDATION)
            .build()
            .evaluate("index-order", TestData.indexOrder(10));
    assertThat(r.users()).extracting(UserResult::target).containsExactly(2, 4, 8, 3);
    assertThat(r.users())
        .extracting(u -> u.position(TiePolicy.PESSIMISTIC))
        .containsExactly(1.0, 5.0, 9.0, 3.0);
    assertThat(r.mean(Metric.hr(5))).isEqualTo(0.75);
  }

  @Test
  void oracleHitsEverythingAndReverseOracleNothing() {
    LeaveOneOutSplit big = TestData.randomSplit(300, 500, 12, 3);
    for (EvaluationMode mode : EvaluationMode.values()) {
      Evaluator ev = Evaluator.builder(big).mode(mode).build();
      EvaluationResult best = ev.evaluate("oracle", OracleScorers.oracle(big, mode, 1f));
      assertThat(best.mean(Metric.hr(1))).isEqualTo(1.0);
      assertThat(best.mean(Metric.ndcg(10))).isEqualTo(1.0);
      assertThat(best.mean(Metric.mrr())).isEqualTo(1.0);
      EvaluationResult worst = ev.evaluate("reverse", OracleScorers.oracle(big, mode, -1f));
      assertThat(worst.mean(Metric.hr(20))).isEqualTo(0.0);
      for (UserResult u : worst.users()) {
        // last among the items that are not known: numItems - |history without the target|
        Set<Integer> known = new HashSet<>();
        for (int i : mode.history(big, u.user())) {
          known.add(i);
        }
        known.remove(u.target());
        assertThat(u.rank().worstPosition()).isEqualTo(500 - known.size());
        assertThat(u.rank().tied()).isZero();
      }
    }
  }

  @Test
  void constantScorerFollowsTiePolicy() {
    // non-known item counts (positions under the pessimistic policy): u0:7, u1:7, u2:8, u4:9
    // (target 1 is in history)
    EvaluationResult pess =
        Evaluator.builder(split).build().evaluate("const", TestData.constant(10));
    assertThat(pess.users())
        .extracting(u -> u.position(TiePolicy.PESSIMISTIC))
        .containsExactly(7.0, 7.0, 8.0, 9.0);
    assertThat(pess.mean(Metric.hr(5))).isEqualTo(0.0);
    EvaluationResult opt =
        Evaluator.builder(split)
            .tiePolicy(TiePolicy.OPTIMISTIC)
            .build()
            .evaluate("const", TestData.constant(10));
    assertThat(opt.mean(Metric.hr(1))).isEqualTo(1.0);
    EvaluationResult exp =
        Evaluator.builder(split)
            .tiePolicy(TiePolicy.EXPECTED)
            .build()
            .evaluate("const", TestData.constant(10));
    assertThat(exp.mean(Metric.hr(5)))
        .isCloseTo((5 / 7.0 + 5 / 7.0 + 5 / 8.0 + 5 / 9.0) / 4, within(EPS));
    assertThat(exp.users().get(2).position(TiePolicy.EXPECTED)).isEqualTo(4.5);
  }

  @Test
  void resultsDoNotDependOnBatchingOrThreads() {
    LeaveOneOutSplit big = TestData.randomSplit(500, 300, 15, 11);
    ItemScorer random = randomScorer(300, 5);
    EvaluationResult a = Evaluator.builder(big).build().evaluate("r", random);
    List<Long> progress = new CopyOnWriteArrayList<>();
    EvaluationResult b =
        Evaluator.builder(big)
            .batchSize(7)
            .threads(3)
            .progress(
                (done, total) -> {
                  assertThat(total).isEqualTo(500L);
                  progress.add(done);
                })
            .build()
            .evaluate("r", random);
    assertThat(b.users()).isEqualTo(a.users());
    assertThat(progress).hasSize((500 + 6) / 7).isSorted().last().isEqualTo(500L);
    RankingProtocol sampled = RankingProtocol.sampled(50, NegativeSampling.POPULARITY, 9);
    EvaluationResult c = Evaluator.builder(big).protocol(sampled).build().evaluate("r", random);
    EvaluationResult d =
        Evaluator.builder(big)
            .protocol(sampled)
            .batchSize(13)
            .threads(2)
            .build()
            .evaluate("r", random);
    assertThat(d.users()).isEqualTo(c.users());
  }

  @Test
  void sampledProtocolRanksAgainstTheSampledNegatives() {
    LeaveOneOutSplit big = TestData.randomSplit(200, 400, 10, 21);
    RankingProtocol p = RankingProtocol.sampled(100, 77);
    EvaluationResult r =
        Evaluator.builder(big).protocol(p).build().evaluate("idx", TestData.indexOrder(400));
    NegativeSampler sampler = NegativeSampler.uniform(400, 77);
    for (UserResult u : r.users()) {
      int[] neg =
          sampler.sample(u.user(), u.target(), EvaluationMode.TEST.history(big, u.user()), 100);
      long better = java.util.Arrays.stream(neg).filter(i -> i < u.target()).count();
      assertThat(u.rank().better()).isEqualTo((int) better);
      assertThat(u.rank().better() + u.rank().tied()).isLessThanOrEqualTo(100);
    }
    EvaluationResult full =
        Evaluator.builder(big).build().evaluate("idx", TestData.indexOrder(400));
    assertThat(r.mean(Metric.hr(10))).isGreaterThan(full.mean(Metric.hr(10)));
    assertThat(r.setup().protocol()).contains("100 uniform negatives");
    EvaluationResult oracle =
        Evaluator.builder(big)
            .protocol(p)
            .build()
            .evaluate("o", OracleScorers.oracle(big, EvaluationMode.TEST, 1f));
    assertThat(oracle.mean(Metric.hr(1))).isEqualTo(1.0);
  }

  @Test
  void userSelectionLimitsAndSamplesUsers() {
    LeaveOneOutSplit big = TestData.randomSplit(100, 50, 6, 1);
    EvaluationResult first =
        Evaluator.builder(big)
            .users(UserSelection.first(10))
            .build()
            .evaluate("c", TestData.constant(50));
    assertThat(first.users())
        .extracting(UserResult::user)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    int[] a = UserSelection.random(20, 5).select(100);
    assertThat(a).hasSize(20).isSorted().doesNotHaveDuplicates();
    assertThat(UserSelection.random(20, 5).select(100)).isEqualTo(a);
    assertThat(UserSelection.random(20, 6).select(100)).isNotEqualTo(a);
    assertThat(UserSelection.random(200, 5).select(100)).hasSize(100);
    EvaluationResult some =
        Evaluator.builder(big)
            .users(UserSelection.random(20, 5))
            .build()
            .evaluate("c", TestData.constant(50));
    assertThat(some.users())
        .extracting(UserResult::user)
        .containsExactly(java.util.Arrays.stream(a).boxed().toArray(Integer[]::new));
    assertThatThrownBy(() -> UserSelection.of(1, 500).select(100)).hasMessageContaining("500");
  }

  @Test
  void brokenScorersGetClearErrors() {
    ItemScorer nan =
        new ItemScorer() {
          @Override
          public int numItems() {
            return 10;
          }

          @Override
          public float[][] scoreAll(List<int[]> histories) {
            float[][] out = new float[histories.size()][10];
            out[out.length - 1][5] = Float.NaN;
            return out;
          }
        };
    Evaluator ev = Evaluator.builder(split).build();
    assertThatThrownBy(() -> ev.evaluate("nan", nan))
        .isInstanceOf(InvalidScoreException.class)
        .hasMessageContaining("u4")
        .hasMessageContaining("index 5");
    assertThatThrownBy(() -> ev.evaluate("small", TestData.constant(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9 items");
    ItemScorer shortRows =
        new ItemScorer() {
          @Override
          public int numItems() {
            return 10;
          }

          @Override
          public float[][] scoreAll(List<int[]> histories) {
            return new float[histories.size()][3];
          }
        };
    assertThatThrownBy(() -> ev.evaluate("short", shortRows))
        .isInstanceOf(InvalidScoreException.class)
        .hasMessageContaining("u0")
        .hasMessageContaining("3 scores");
  }

  /** A retriever in index order that (against its contract) also returns history items. */
  private static CandidateRetriever indexOrderRetriever(boolean skipHistory) {
    return new CandidateRetriever() {
      @Override
      public String name() {
        return "index-retriever";
      }

      @Override
      public List<Candidate> retrieve(UserHistory history, int k) {
        Set<Item> known = new HashSet<>(history.items());
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < 10 && out.size() < k; i++) {
          Item it = TestData.catalog(10).item(i);
          if (!skipHistory || !known.contains(it)) {
            out.add(new Candidate(it, -i, name()));
          }
        }
        return out;
      }
    };
  }

  @Test
  void retrieverRankIsPositionInItsListAndMissesBeyondIt() {
    Evaluator ev = Evaluator.builder(split).metrics(Metric.hr(5), Metric.ndcg(10)).build();
    // the known items a retriever returns are skipped (but never the target, which u4 has in its
    // history)
    EvaluationResult r = ev.evaluate(indexOrderRetriever(false), 10);
    assertThat(r.users())
        .extracting(u -> u.position(TiePolicy.PESSIMISTIC))
        .containsExactly(1.0, 7.0, 8.0, 2.0);
    assertThat(r.mean(Metric.ndcg(10))).isCloseTo(0.5699319909226299, within(EPS));
    assertThat(r.system()).isEqualTo("index-retriever");
    // a retriever that drops history items can never return u4's repeated target: a miss
    EvaluationResult skipping = ev.evaluate(indexOrderRetriever(true), 10);
    assertThat(skipping.users())
        .extracting(u -> u.position(TiePolicy.PESSIMISTIC))
        .containsExactly(1.0, 7.0, 8.0, Double.NaN);
    assertThat(skipping.mean(Metric.ndcg(10)))
        .isCloseTo(0.5699319909226299 - 0.6309297535714575 / 4, within(EPS));
    EvaluationResult top5 = ev.evaluate(indexOrderRetriever(true), 5);
    assertThat(top5.users())
        .extracting(u -> u.rank().found())
        .containsExactly(true, false, false, false);
    assertThat(top5.mean(Metric.hr(5))).isEqualTo(0.25);
    assertThat(top5.setup().listLength()).isEqualTo(5);
    assertThat(top5.setup().isExact(Metric.ndcg(10))).isFalse();
    Evaluator sampled = Evaluator.builder(split).protocol(RankingProtocol.sampled(3, 1)).build();
    assertThatThrownBy(() -> sampled.evaluate(indexOrderRetriever(true), 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ItemScorer");
  }

  @Test
  void recommenderRankAndProvenanceExtras() {
    CandidateRetriever retriever = indexOrderRetriever(false);
    Recommender rec =
        new Recommender() {
          @Override
          public String name() {
            return "pipeline";
          }

          @Override
          public Recommendation recommend(UserHistory history, int k) {
            List<RankedItem> items = new ArrayList<>();
            for (Candidate c : retriever.retrieve(history, k)) {
              items.add(new RankedItem(c.item(), items.size() + 1, c.score(), c.source(), true));
            }
            boolean fallback = history.userId().equals("u1");
            Provenance p =
                new Provenance(
                    "index",
                    "fake",
                    fallback ? RankingStatus.FALLBACK_RETRIEVER_ORDER : RankingStatus.LLM_RANKED,
                    "",
                    UserProfile.empty("none"),
                    2,
                    Duration.ofMillis(10));
            return new Recommendation(history.userId(), items, p);
          }
        };
    EvaluationResult r = Evaluator.builder(split).threads(2).batchSize(1).build().evaluate(rec, 10);
    assertThat(r.users())
        .extracting(u -> u.position(TiePolicy.PESSIMISTIC))
        .containsExactly(1.0, 7.0, 8.0, 2.0);
    assertThat(r.extras())
        .containsEntry("latency_ms_per_user", 10.0)
        .containsEntry("hallucinations_per_user", 2.0)
        .containsEntry("fallback_rate", 0.25)
        .containsKey("wall_ms_per_user");
    assertThat(r.withExtra("hallucination rate", 0.1).extras())
        .containsEntry("hallucination rate", 0.1);
  }

  private static ItemScorer randomScorer(int numItems, long seed) {
    return new ItemScorer() {
      @Override
      public int numItems() {
        return numItems;
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][numItems];
        for (int i = 0; i < out.length; i++) {
          // depends only on the history, so batching cannot change it
          java.util.SplittableRandom rng =
              new java.util.SplittableRandom(seed + java.util.Arrays.hashCode(histories.get(i)));
          for (int j = 0; j < numItems; j++) {
            out[i][j] = rng.nextInt(50); // coarse values: plenty of ties
          }
        }
        return out;
      }
    };
  }
}
