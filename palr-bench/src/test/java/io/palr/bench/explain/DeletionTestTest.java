package io.palr.bench.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.scoring.ItemScorer;
import io.palr.core.explain.CoOccurrenceEvidence;
import io.palr.core.explain.Explanations;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.PopularityConfig;
import io.palr.retrieval.train.TrainerConfig;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class DeletionTestTest {
  private final LeaveOneOutSplit split =
      LeaveOneOutSplit.of(SyntheticDataset.generate(SyntheticDataset.Config.small()));
  private final Explanations explanations =
      Explanations.builder().coOccurrence(CoOccurrenceEvidence.fromTraining(split)).build();
  private final int[] users = ExplanationBenchmark.sample(split.numUsers(), 60, 5);

  @Test
  void coOccurrenceCitationsAreFaithfulToItemKnnBeyondRandomRemoval() {
    ItemScorer knn =
        RetrievalModels.fit(ItemKnnConfig.defaults(), split, TrainerConfig.defaults()).scorer();
    DeletionTest.Result r = DeletionTest.run(split, knn, "itemknn", explanations, users, 10, 3, 1L);
    assertThat(r.explained()).isEqualTo(600);
    assertThat(r.citing()).isPositive();
    assertThat(r.citedLowers()).isGreaterThan(r.randomLowers());
    assertThat(r.lowersTest().pValue()).isLessThan(0.01);
    assertThat(r.citedRankDrop()).isGreaterThan(r.randomRankDrop());
  }

  @Test
  void aScorerThatIgnoresTheHistoryIsNeverMovedByEitherRemoval() {
    ItemScorer pop =
        RetrievalModels.fit(new PopularityConfig(), split, TrainerConfig.defaults()).scorer();
    DeletionTest.Result r = DeletionTest.run(split, pop, "pop", explanations, users, 10, 3, 1L);
    assertThat(r.citedLowers()).isZero();
    assertThat(r.randomLowers()).isZero();
    assertThat(r.lowersTest().pValue()).isEqualTo(1.0);
  }

  @Test
  void ranksCountOnlyStrictlyBetterNonHistoryItems() {
    float[] s = {5, 9, 7, 7, 1};
    BitSet history = new BitSet();
    history.set(1);
    assertThat(DeletionTest.rank(s, 2, history)).isEqualTo(1);
    assertThat(DeletionTest.rank(s, 0, history)).isEqualTo(3);
    assertThat(DeletionTest.top(s, 3, history)).containsExactly(2, 3, 0);
  }
}
