package io.palr.core.rank;

import io.palr.api.Candidate;
import io.palr.api.RankingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The retriever's evidence about a candidate, as a log-probability-like prior that {@link
 * ScoreFusion} adds to the LLM's score. Both priors are computed over the candidates actually shown
 * to the model.
 */
public enum RetrieverPrior {
  /**
   * {@code log softmax(retrieverScore)_i} over the shown candidates: the retriever's scores read as
   * logits of a categorical distribution over the candidates, so that {@code llm + lambda * prior}
   * is a (weighted) product of experts. This keeps the retriever's confidence (a clear winner stays
   * far ahead, near-ties stay near), which a rank cannot. Within one user's list it differs from
   * the raw score only by a constant, so the fused <em>order</em> is that of {@code llm + lambda *
   * score}; the softmax only makes the prior a log-probability. Needs scores that are finite and on
   * the same scale across users, which holds for one trained retriever such as SASRec (dot-product
   * logits); the default.
   */
  SCORE {
    @Override
    double[] logPrior(List<Candidate> shown, List<Candidate> retrieverOrder) {
      double max = Double.NEGATIVE_INFINITY;
      for (Candidate c : shown) {
        if (!Double.isFinite(c.score())) {
          throw new RankingException(
              "score fusion: candidate '"
                  + c.item().id()
                  + "' from retriever '"
                  + c.source()
                  + "' has a non-finite score "
                  + c.score()
                  + "; use RetrieverPrior.RANK");
        }
        max = Math.max(max, c.score());
      }
      double sum = 0;
      for (Candidate c : shown) {
        sum += Math.exp(c.score() - max);
      }
      double logZ = max + Math.log(sum);
      double[] out = new double[shown.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = shown.get(i).score() - logZ;
      }
      return out;
    }
  },
  /**
   * {@code -log(1 + rank)}, with {@code rank} the candidate's 0-based position in the retriever's
   * list: a Zipf-like prior that uses only the order, for retrievers whose scores are not
   * comparable across users or not finite (e.g. a mix of retrievers, or popularity counts).
   */
  RANK {
    @Override
    double[] logPrior(List<Candidate> shown, List<Candidate> retrieverOrder) {
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < retrieverOrder.size(); i++) {
        position.putIfAbsent(retrieverOrder.get(i).item().id(), i);
      }
      double[] out = new double[shown.size()];
      for (int i = 0; i < out.length; i++) {
        Integer p = position.get(shown.get(i).item().id());
        if (p == null) {
          throw new RankingException(
              "score fusion: shown candidate '"
                  + shown.get(i).item().id()
                  + "' is not in the retriever's list");
        }
        out[i] = p == 0 ? 0.0 : -Math.log1p(p);
      }
      return out;
    }
  };

  /**
   * The prior of each shown candidate.
   *
   * @param shown the candidates shown to the model, in prompt order
   * @param retrieverOrder the retriever's full list, best first
   * @throws RankingException if the prior cannot be computed (non-finite score, unknown candidate)
   */
  abstract double[] logPrior(List<Candidate> shown, List<Candidate> retrieverOrder);

  /** A short formula for provenance, e.g. {@code log softmax(retriever score)}. */
  public String formula() {
    return this == SCORE ? "log softmax(retriever score)" : "-log(1 + retriever rank)";
  }
}
