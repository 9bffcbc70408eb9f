package io.palr.eval.experiment;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.ProfileGenerator;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.UserHistory;
import io.palr.core.rank.CandidateScores;
import io.palr.core.rank.LikelihoodRanker;
import io.palr.core.rank.RetrieverPrior;
import io.palr.core.rank.ScoreFusion;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The choice of a {@link ScoreFusion} weight on the <em>validation</em> split: for each validation
 * user (history = training items, target = validation item, candidates = the retriever's top-N for
 * the training items), the LLM scores the shown candidates once ({@link LikelihoodRanker#scores});
 * every weight of the grid then ranks those scores and the weight with the best mean NDCG@k wins
 * (ties go to the smallest weight, i.e. the most LLM). Lists shorter than {@code k} are back-filled
 * in retriever order, and a user whose ranking fails gets the retriever's order, as in the pipeline
 * ({@code Palr}). Test items are never looked at.
 *
 * @param chosen the chosen fusion
 * @param hrByWeight mean HR@k on the validation users, per weight of the grid (in grid order)
 * @param ndcgByWeight mean NDCG@k on the validation users, per weight of the grid (in grid order)
 * @param retrieverHr mean HR@k of the retriever's own order on the same users (the {@code weight ->
 *     infinity} limit)
 * @param retrieverNdcg mean NDCG@k of the retriever's own order on the same users
 * @param users validation users evaluated
 * @param failures users whose LLM scoring failed (scored in retriever order)
 * @param seconds wall time of the tuning
 */
public record FusionTuning(
    ScoreFusion chosen,
    Map<Double, Double> hrByWeight,
    Map<Double, Double> ndcgByWeight,
    double retrieverHr,
    double retrieverNdcg,
    int users,
    int failures,
    double seconds) {

  /** Validates and copies the components. */
  public FusionTuning {
    Objects.requireNonNull(chosen, "chosen");
    hrByWeight = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hrByWeight));
    ndcgByWeight = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ndcgByWeight));
  }

  /**
   * Tunes the weight.
   *
   * @param split the leave-one-out split (only training and validation items are used)
   * @param retriever the candidate retriever
   * @param ranker the likelihood ranker whose (unfused) scores are tuned; its own fusion is ignored
   * @param profiles the profile generator the pipeline uses
   * @param grid the weights to try, each finite and {@code >= 0}
   * @param prior the retriever prior
   * @param users split user indices to evaluate
   * @param numCandidates candidates retrieved per user
   * @param k recommendation list length
   * @throws IllegalArgumentException if the grid is empty or holds a bad weight
   */
  public static FusionTuning tune(
      LeaveOneOutSplit split,
      CandidateRetriever retriever,
      LikelihoodRanker ranker,
      ProfileGenerator profiles,
      List<Double> grid,
      RetrieverPrior prior,
      int[] users,
      int numCandidates,
      int k) {
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("the fusion grid is empty");
    }
    List<ScoreFusion> fusions = new ArrayList<>();
    for (double w : new LinkedHashSet<>(grid)) {
      fusions.add(new ScoreFusion(w, prior));
    }
    long start = System.nanoTime();
    Metric hr = Metric.hr(k);
    Metric ndcg = Metric.ndcg(k);
    double[] hrSum = new double[fusions.size()];
    double[] ndcgSum = new double[fusions.size()];
    double retrieverHrSum = 0;
    double retrieverNdcgSum = 0;
    int failures = 0;
    for (int u : users) {
      UserHistory history =
          InteractionDataset.toHistory(
              split.userId(u), EvaluationMode.VALIDATION.history(split, u), split.catalog());
      String target = split.catalog().item(EvaluationMode.VALIDATION.target(split, u)).id();
      List<Candidate> candidates = retriever.retrieve(history, numCandidates);
      int kk = Math.min(k, candidates.size());
      int retrieverPos = position(candidates.subList(0, kk), target);
      retrieverHrSum += value(hr, retrieverPos);
      retrieverNdcgSum += value(ndcg, retrieverPos);
      if (candidates.isEmpty()) {
        continue;
      }
      CandidateScores scores = null;
      try {
        scores =
            ranker.scores(new RankingRequest(history, profiles.profile(history), candidates, kk));
      } catch (RankingException e) {
        failures++;
      }
      for (int f = 0; f < fusions.size(); f++) {
        int pos =
            scores == null
                ? retrieverPos
                : position(
                    backFilled(scores.ranked(fusions.get(f), candidates, kk), candidates, kk),
                    target);
        hrSum[f] += value(hr, pos);
        ndcgSum[f] += value(ndcg, pos);
      }
    }
    int n = Math.max(1, users.length);
    Map<Double, Double> hrBy = new LinkedHashMap<>();
    Map<Double, Double> ndcgBy = new LinkedHashMap<>();
    int best = 0;
    for (int f = 0; f < fusions.size(); f++) {
      hrBy.put(fusions.get(f).weight(), hrSum[f] / n);
      ndcgBy.put(fusions.get(f).weight(), ndcgSum[f] / n);
      double w = fusions.get(f).weight();
      double bw = fusions.get(best).weight();
      if (ndcgSum[f] > ndcgSum[best] || (ndcgSum[f] == ndcgSum[best] && w < bw)) {
        best = f;
      }
    }
    return new FusionTuning(
        fusions.get(best),
        hrBy,
        ndcgBy,
        retrieverHrSum / n,
        retrieverNdcgSum / n,
        users.length,
        failures,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * One line per weight for the report, e.g. {@code lambda 0.5: HR@10 0.1200, NDCG@10 0.0610 <-
   * chosen}.
   */
  public String describe(int k) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Fusion weight chosen on %d validation users (%s; %d scoring failures, %.1f s): lambda = %s",
                users,
                chosen.prior().formula(),
                failures,
                seconds,
                chosen.weightText()));
    ndcgByWeight.forEach(
        (w, v) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "; %s -> HR@%d %.4f NDCG@%d %.4f",
                    new ScoreFusion(w, chosen.prior()).weightText(),
                    k,
                    hrByWeight.get(w),
                    k,
                    v)));
    sb.append(
        String.format(
            Locale.ROOT,
            "; retriever order -> HR@%d %.4f NDCG@%d %.4f",
            k,
            retrieverHr,
            k,
            retrieverNdcg));
    return sb.toString();
  }

  private static List<Candidate> backFilled(
      List<Candidate> ranked, List<Candidate> candidates, int k) {
    if (ranked.size() >= k) {
      return ranked;
    }
    List<Candidate> out = new ArrayList<>(ranked);
    Set<String> seen = new java.util.HashSet<>();
    ranked.forEach(c -> seen.add(c.item().id()));
    for (Candidate c : candidates) {
      if (out.size() >= k) {
        break;
      }
      if (seen.add(c.item().id())) {
        out.add(c);
      }
    }
    return out;
  }

  /** 1-based position of the target in the list, or 0 when absent. */
  private static int position(List<Candidate> list, String target) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).item().id().equals(target)) {
        return i + 1;
      }
    }
    return 0;
  }

  private static double value(Metric m, int position) {
    return position == 0 ? 0 : m.atPosition(position);
  }
}
