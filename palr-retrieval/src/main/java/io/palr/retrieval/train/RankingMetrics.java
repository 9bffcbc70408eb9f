package io.palr.retrieval.train;

import io.palr.api.scoring.ItemScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The minimal leave-one-out ranking metrics the trainer needs for validation (the evaluation suite,
 * with the sampled protocol, is palr-eval's {@code Evaluator}): HR@K and NDCG@K of one held-out
 * target per user, ranked against the whole catalogue (items in the history excluded). Ties with
 * the target count against it, as in the evaluator's default.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /**
   * HR@K and NDCG@K averaged over users.
   *
   * @param hitRate fraction of users whose target ranks in the top K
   * @param ndcg mean of {@code 1/log2(rank + 2)} over users with rank below K (0-based rank)
   * @param users number of users evaluated
   */
  public record Result(double hitRate, double ndcg, int users) {}

  /**
   * Full-ranking HR@K / NDCG@K: the target competes with every catalogue item not in the history.
   *
   * @param scorer the model
   * @param histories per user, the history the model sees
   * @param targets per user, the held-out item
   * @param k cut-off
   * @param batch users scored per scorer call
   */
  public static Result fullRanking(
      ItemScorer scorer, List<int[]> histories, int[] targets, int k, int batch) {
    double hits = 0;
    double ndcg = 0;
    for (int start = 0; start < histories.size(); start += batch) {
      List<int[]> part = histories.subList(start, Math.min(histories.size(), start + batch));
      float[][] scores = scorer.scoreAll(part);
      for (int b = 0; b < part.size(); b++) {
        int rank = fullRank(scores[b], part.get(b), targets[start + b]);
        if (rank < k) {
          hits++;
          ndcg += 1.0 / (Math.log(rank + 2) / Math.log(2));
        }
      }
    }
    int n = histories.size();
    return new Result(n == 0 ? 0 : hits / n, n == 0 ? 0 : ndcg / n, n);
  }

  /**
   * 0-based rank of {@code target} among all items not in {@code history} (ties count against the
   * target).
   */
  static int fullRank(float[] scores, int[] history, int target) {
    float t = scores[target];
    if (Float.isNaN(t)) {
      return scores.length; // a model that cannot score the target misses it
    }
    java.util.BitSet seen = new java.util.BitSet(scores.length);
    for (int i : history) {
      seen.set(i);
    }
    int rank = 0;
    for (int i = 0; i < scores.length; i++) {
      if (i != target && !seen.get(i) && (scores[i] >= t || Float.isNaN(scores[i]))) {
        rank++;
      }
    }
    return rank;
  }

  /**
   * A seeded sample of {@code n} distinct indices from {@code [0, total)} in increasing order (all
   * when n >= total).
   */
  public static int[] sampleUsers(int total, int n, long seed) {
    if (n <= 0 || n >= total) {
      int[] all = new int[total];
      for (int i = 0; i < total; i++) {
        all[i] = i;
      }
      return all;
    }
    List<Integer> idx = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      idx.add(i);
    }
    java.util.Collections.shuffle(idx, new Random(seed));
    return idx.subList(0, n).stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
