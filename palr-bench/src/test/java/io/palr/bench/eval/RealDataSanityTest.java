package io.palr.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.NegativeSampler;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.eval.protocol.UserSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on the real Amazon Beauty sequences (skipped when the shared data folder is
 * absent).
 */
class RealDataSanityTest {

  @Test
  void popularityBeatsChanceAndRandomIsAtChance() {
    Path file =
        Path.of(
            System.getProperty("palr.shared", "../shared"), "data", "beauty", "user_sequence.txt");
    assumeTrue(Files.isRegularFile(file), "Beauty data not found at " + file + "; skipping");
    LeaveOneOutSplit split = LeaveOneOutSplit.of(PopularityBaselineReport.readSequences(file));
    assertThat(split.numUsers()).isEqualTo(22_363);
    assertThat(split.numItems()).isEqualTo(12_101);
    double[] counts = NegativeSampler.popularityCounts(split);
    float[] row = new float[counts.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) counts[i];
    }
    ItemScorer popularity =
        new ItemScorer() {
          @Override
          public int numItems() {
            return row.length;
          }

          @Override
          public float[][] scoreAll(List<int[]> histories) {
            float[][] out = new float[histories.size()][];
            java.util.Arrays.fill(out, row);
            return out;
          }
        };
    EvaluationResult full = Evaluator.builder(split).build().evaluate("pop", popularity);
    // all users, full ranking, counts over training items: HR@10 = 0.0110, NDCG@10 = 0.0053 (see
    // docs/evaluation.md; counting validation items too gave 0.0130 / 0.0059)
    assertThat(full.mean(Metric.hr(10))).isBetween(0.0105, 0.0115);
    assertThat(full.mean(Metric.ndcg(10))).isBetween(0.0049, 0.0057);
    EvaluationResult sampled =
        Evaluator.builder(split)
            .users(UserSelection.random(5000, 1))
            .protocol(RankingProtocol.sampled(100, 42))
            .build()
            .evaluate("pop", popularity);
    // sampled ranking inflates the numbers by more than an order of magnitude
    assertThat(sampled.mean(Metric.hr(10))).isBetween(0.27, 0.33);
  }
}
