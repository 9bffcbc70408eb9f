package io.palr.bench.explain;

import io.palr.api.Item;
import io.palr.api.Provenance;
import io.palr.api.RankedItem;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.api.explain.Explanation;
import io.palr.api.scoring.ItemScorer;
import io.palr.core.explain.Explanations;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.stats.PairedTTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The deletion test of explanation faithfulness. For each sampled user the scorer recommends its
 * top {@code k} (history excluded), the explanations stage explains them, and for every explanation
 * that cites history items those items are removed from the history (every occurrence) and the
 * item's rank among the non-history items is recomputed; as a control, the same number of distinct
 * history items drawn uniformly at random are removed instead ({@code draws} times). Per user the
 * shares of explanations whose rank got worse are averaged, and cited is compared with random by a
 * paired t-test over users (users, not explanations, are the independent units).
 */
final class DeletionTest {
  private DeletionTest() {}

  /**
   * One measured configuration.
   *
   * @param users users with at least one explanation citing history items
   * @param explained explanations made
   * @param citing explanations citing at least one history item (the tested ones)
   * @param citedLowers mean over users of the share of tested explanations whose item's rank got
   *     worse when the cited items were removed
   * @param randomLowers the same for random removal (mean over draws)
   * @param lowersTest paired t-test of cited vs random shares over users
   * @param citedRankDrop mean over users of the mean rank change (positive = worse) with cited
   *     removal
   * @param randomRankDrop the same for random removal
   * @param rankTest paired t-test of the rank changes over users
   */
  record Result(
      int users,
      int explained,
      int citing,
      double citedLowers,
      double randomLowers,
      PairedTTest.Result lowersTest,
      double citedRankDrop,
      double randomRankDrop,
      PairedTTest.Result rankTest) {}

  /**
   * Runs the test.
   *
   * @param split the data; histories are train + validation, as for test-time recommendation
   * @param scorer the recommender whose explanations are tested
   * @param name the retriever name put on the recommended items
   * @param explanations the explanation stage under test
   * @param users the users to test
   * @param k recommended (and explained) items per user
   * @param draws random removals per explanation
   * @param seed random seed
   */
  static Result run(
      LeaveOneOutSplit split,
      ItemScorer scorer,
      String name,
      Explanations explanations,
      int[] users,
      int k,
      int draws,
      long seed) {
    Catalog catalog = split.catalog();
    Random rng = new Random(seed);
    List<Double> citedShare = new ArrayList<>();
    List<Double> randomShare = new ArrayList<>();
    List<Double> citedDrop = new ArrayList<>();
    List<Double> randomDrop = new ArrayList<>();
    int explained = 0;
    int citing = 0;
    for (int u : users) {
      int[] hist = split.trainAndValidation(u);
      UserHistory history = InteractionDataset.toHistory(split.userId(u), hist, catalog);
      BitSet inHistory = new BitSet(catalog.size());
      for (int i : hist) {
        inHistory.set(i);
      }
      float[] base = scorer.scoreAll(List.of(hist))[0];
      int[] top = top(base, k, inHistory);
      Recommendation rec = recommendation(split, u, top, base, name);
      Recommendation explainedRec = explanations.explain(history, rec);

      List<int[]> reduced = new ArrayList<>();
      List<int[]> owners = new ArrayList<>(); // {item index in top, draw (-1 = cited)}
      for (int r = 0; r < top.length; r++) {
        Explanation x = explainedRec.items().get(r).explanation().orElseThrow();
        explained++;
        Set<Integer> cited = new LinkedHashSet<>();
        for (Item it : x.citedItems()) {
          catalog.indexOf(it.id()).ifPresent(cited::add);
        }
        if (cited.isEmpty()) {
          continue;
        }
        citing++;
        reduced.add(without(hist, cited));
        owners.add(new int[] {r, -1});
        int[] distinct = Arrays.stream(hist).distinct().toArray();
        for (int d = 0; d < draws; d++) {
          reduced.add(without(hist, sample(distinct, cited.size(), rng)));
          owners.add(new int[] {r, d});
        }
      }
      if (reduced.isEmpty()) {
        continue;
      }
      float[][] scores = scorer.scoreAll(reduced);
      double lowerCited = 0;
      double lowerRandom = 0;
      double dropCited = 0;
      double dropRandom = 0;
      int tested = 0;
      for (int j = 0; j < reduced.size(); j++) {
        int r = owners.get(j)[0];
        int item = top[r];
        int before = rank(base, item, inHistory);
        int after = rank(scores[j], item, inHistory);
        if (owners.get(j)[1] < 0) {
          tested++;
          lowerCited += after > before ? 1 : 0;
          dropCited += after - before;
        } else {
          lowerRandom += (after > before ? 1.0 : 0.0) / draws;
          dropRandom += (after - before) / (double) draws;
        }
      }
      citedShare.add(lowerCited / tested);
      randomShare.add(lowerRandom / tested);
      citedDrop.add(dropCited / tested);
      randomDrop.add(dropRandom / tested);
    }
    double[] a = unbox(citedShare);
    double[] b = unbox(randomShare);
    double[] c = unbox(citedDrop);
    double[] d = unbox(randomDrop);
    return new Result(
        a.length,
        explained,
        citing,
        mean(a),
        mean(b),
        a.length >= 2 ? PairedTTest.test(a, b) : null,
        mean(c),
        mean(d),
        a.length >= 2 ? PairedTTest.test(c, d) : null);
  }

  /** A retriever-only recommendation of the given catalogue indices for user {@code u}. */
  static Recommendation recommendation(
      LeaveOneOutSplit split, int u, int[] top, float[] scores, String name) {
    List<RankedItem> items = new ArrayList<>(top.length);
    for (int r = 0; r < top.length; r++) {
      items.add(new RankedItem(split.catalog().item(top[r]), r + 1, scores[top[r]], name, false));
    }
    return new Recommendation(
        split.userId(u),
        items,
        new Provenance(
            name,
            "none",
            RankingStatus.RETRIEVER_ONLY,
            "",
            UserProfile.empty("attributes"),
            0,
            Duration.ZERO));
  }

  /** 1 + the number of non-history items other than {@code item} scored strictly higher. */
  static int rank(float[] scores, int item, BitSet excluded) {
    float s = scores[item];
    int r = 1;
    for (int j = 0; j < scores.length; j++) {
      if (j != item && !excluded.get(j) && scores[j] > s) {
        r++;
      }
    }
    return r;
  }

  /** The {@code k} best items not excluded, best first (ties by lower index). */
  static int[] top(float[] scores, int k, BitSet excluded) {
    Integer[] idx = new Integer[scores.length];
    int n = 0;
    for (int j = 0; j < scores.length; j++) {
      if (!excluded.get(j)) {
        idx[n++] = j;
      }
    }
    Integer[] cand = Arrays.copyOf(idx, n);
    Arrays.sort(
        cand,
        (x, y) -> {
          int c = Float.compare(scores[y], scores[x]);
          return c != 0 ? c : Integer.compare(x, y);
        });
    int[] out = new int[Math.min(k, n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = cand[i];
    }
    return out;
  }

  private static int[] without(int[] hist, Set<Integer> removed) {
    return Arrays.stream(hist).filter(i -> !removed.contains(i)).toArray();
  }

  private static Set<Integer> sample(int[] distinct, int n, Random rng) {
    int[] copy = distinct.clone();
    Set<Integer> out = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(n, copy.length); i++) {
      int j = i + rng.nextInt(copy.length - i);
      int t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
      out.add(copy[i]);
    }
    return out;
  }

  private static double[] unbox(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double mean(double[] xs) {
    return xs.length == 0 ? Double.NaN : Arrays.stream(xs).average().orElse(Double.NaN);
  }
}
