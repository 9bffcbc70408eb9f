package io.palr.eval.experiment;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import java.util.List;
import java.util.Locale;

/**
 * How often the retriever's candidate list holds the target, and what a ranker that orders the
 * candidates uniformly at random would score: a re-ranker can only be judged against this chance
 * level (HR@k of a random order is {@code recall@N * k / N}; NDCG@k is {@code recall@N} times
 * NDCG@k's mean over positions {@code 1..N}).
 *
 * @param numCandidates the candidate list length N
 * @param recall share of users whose target is among the N candidates
 * @param chanceHr expected HR@k of a uniformly random order of the candidates
 * @param chanceNdcg expected NDCG@k of a uniformly random order of the candidates
 * @param users users measured
 * @param mode the split whose target and history were used
 */
public record CandidateRecall(
    int numCandidates,
    double recall,
    double chanceHr,
    double chanceNdcg,
    int users,
    EvaluationMode mode) {

  /**
   * Measures the retriever on the given users.
   *
   * @param split the leave-one-out split
   * @param mode which target and history
   * @param retriever the retriever
   * @param users split user indices
   * @param numCandidates N
   * @param k the list length of the metrics
   */
  public static CandidateRecall measure(
      LeaveOneOutSplit split,
      EvaluationMode mode,
      CandidateRetriever retriever,
      int[] users,
      int numCandidates,
      int k) {
    int hits = 0;
    for (int u : users) {
      List<Candidate> cands =
          retriever.retrieve(
              InteractionDataset.toHistory(
                  split.userId(u), mode.history(split, u), split.catalog()),
              numCandidates);
      String target = split.catalog().item(mode.target(split, u)).id();
      if (cands.stream().anyMatch(c -> c.item().id().equals(target))) {
        hits++;
      }
    }
    double recall = users.length == 0 ? 0 : (double) hits / users.length;
    return new CandidateRecall(
        numCandidates,
        recall,
        recall * Math.min(k, numCandidates) / numCandidates,
        recall * Metric.ndcg(k).expectedOver(1, numCandidates),
        users.length,
        mode);
  }

  /** A line for the report. */
  public String describe(int k) {
    String split = mode.name().toLowerCase(Locale.ROOT);
    return String.format(
        Locale.ROOT,
        "Chance level: the %s item is among SASRec's top-%d for %.1f%% of the %d %s"
            + " users (recall@%d %.4f); a uniformly random order of the candidates would score HR@%d %.4f, NDCG@%d %.4f",
        split,
        numCandidates,
        100 * recall,
        users,
        split,
        numCandidates,
        recall,
        k,
        chanceHr,
        k,
        chanceNdcg);
  }
}
