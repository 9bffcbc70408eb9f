package io.palr.eval.protocol;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scorers that know the targets (looked up by history), for evaluator tests. */
final class OracleScorers {
  private OracleScorers() {}

  /**
   * Scores the target {@code sign * 1} and everything else 0 (sign -1: the target is strictly
   * worst).
   */
  static ItemScorer oracle(LeaveOneOutSplit split, EvaluationMode mode, float sign) {
    Map<List<Integer>, Integer> targets = new HashMap<>();
    for (int u = 0; u < split.numUsers(); u++) {
      targets.put(key(mode.history(split, u)), mode.target(split, u));
    }
    return new ItemScorer() {
      @Override
      public int numItems() {
        return split.numItems();
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][split.numItems()];
        for (int i = 0; i < out.length; i++) {
          out[i][targets.get(key(histories.get(i)))] = sign;
        }
        return out;
      }
    };
  }

  private static List<Integer> key(int[] h) {
    return Arrays.stream(h).boxed().toList();
  }
}
