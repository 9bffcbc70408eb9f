package io.palr.core.rank;

import io.palr.api.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LLM's score of each candidate shown in one prompt, before any fusion: what {@link
 * LikelihoodRanker#scores} returns, so that several {@link ScoreFusion} weights can be compared
 * (e.g. tuned on validation users) with one model pass per user. Immutable.
 */
public final class CandidateScores {
  private final List<Candidate> shown;
  private final double[] llm;

  /**
   * Scores of the shown candidates.
   *
   * @param shown the candidates shown to the model, in prompt order
   * @param llm the LLM's score of each (higher is better), none NaN
   * @throws IllegalArgumentException if the lengths differ or a score is NaN
   */
  public CandidateScores(List<Candidate> shown, double[] llm) {
    this.shown = List.copyOf(shown);
    this.llm = llm.clone();
    if (this.llm.length != this.shown.size()) {
      throw new IllegalArgumentException(
          llm.length + " scores for " + shown.size() + " candidates");
    }
    for (int i = 0; i < this.llm.length; i++) {
      if (Double.isNaN(this.llm[i])) {
        throw new IllegalArgumentException(
            "NaN score for candidate '" + this.shown.get(i).item().id() + "'");
      }
    }
  }

  /** The candidates shown to the model, in prompt order. */
  public List<Candidate> shown() {
    return shown;
  }

  /** The LLM's score of each shown candidate (a copy). */
  public double[] llm() {
    return llm.clone();
  }

  /**
   * The best {@code k} shown candidates under a fusion, best first; ties keep the retriever's
   * order.
   *
   * @param fusion how the LLM's scores are combined with the retriever's evidence
   * @param retrieverOrder the retriever's full candidate list, best first
   * @param k how many to return (fewer when fewer were shown)
   * @throws io.palr.api.RankingException if the fusion's prior cannot be computed
   */
  public List<Candidate> ranked(ScoreFusion fusion, List<Candidate> retrieverOrder, int k) {
    double[] score = fusion.fuse(llm, shown, retrieverOrder);
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < retrieverOrder.size(); i++) {
      position.putIfAbsent(retrieverOrder.get(i).item().id(), i);
    }
    List<Integer> order = new ArrayList<>(shown.size());
    for (int i = 0; i < shown.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingDouble(i -> -score[i])
            .thenComparingInt(
                i -> position.getOrDefault(shown.get(i).item().id(), Integer.MAX_VALUE)));
    List<Candidate> out = new ArrayList<>(Math.min(k, shown.size()));
    for (int i = 0; i < Math.min(k, shown.size()); i++) {
      out.add(shown.get(order.get(i)));
    }
    return out;
  }
}
