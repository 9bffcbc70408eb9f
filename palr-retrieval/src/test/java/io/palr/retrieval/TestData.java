package io.palr.retrieval;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.retrieval.train.RankingMetrics;
import io.palr.retrieval.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;

/** Shared small synthetic fixture for the module's tests. */
public final class TestData {
  private static InteractionDataset dataset;
  private static LeaveOneOutSplit split;

  private TestData() {}

  /** The synthetic data set (400 users, 80 franchises). */
  public static synchronized InteractionDataset dataset() {
    if (dataset == null) {
      dataset =
          SyntheticDataset.generate(SyntheticDataset.Config.defaults().withUsers(400).withSeed(7));
    }
    return dataset;
  }

  /** Its leave-one-out split. */
  public static synchronized LeaveOneOutSplit split() {
    if (split == null) {
      split = LeaveOneOutSplit.of(dataset());
    }
    return split;
  }

  /** Fast trainer settings for tests. */
  public static TrainerConfig fastTrainer(int epochs) {
    return TrainerConfig.defaults()
        .withMaxEpochs(epochs)
        .withBatchSize(64)
        .withEarlyStopping(3, 1)
        .withValidationUsers(0)
        .withLearningRate(5e-3f);
  }

  /** Validation NDCG@10 (full ranking, all users) of a scorer on the split. */
  public static double validationNdcg(ItemScorer scorer) {
    LeaveOneOutSplit s = split();
    List<int[]> h = new ArrayList<>();
    int[] t = new int[s.numUsers()];
    for (int u = 0; u < s.numUsers(); u++) {
      h.add(s.train(u));
      t[u] = s.validationItem(u);
    }
    return RankingMetrics.fullRanking(scorer, h, t, 10, 128).ndcg();
  }
}
