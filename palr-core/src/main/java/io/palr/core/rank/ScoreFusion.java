package io.palr.core.rank;

import io.palr.api.Candidate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * How an LLM's per-candidate score is combined with the retriever's evidence: {@code fused_i =
 * llm_i + weight * prior_i}, with {@code prior} a {@link RetrieverPrior}. This is a weighted
 * product of experts (LLM x retriever^weight) in log space, the interpolation used by
 * LlamaRec-style two-stage recommenders: {@code weight = 0} is pure LLM ranking, and as {@code
 * weight} grows the order tends to the retriever's. The weight is a hyper-parameter to be chosen on
 * validation data, never on test data. Immutable.
 *
 * @param weight the retriever's weight {@code lambda}, finite and {@code >= 0}
 * @param prior how the retriever's evidence is turned into a log-prior
 */
public record ScoreFusion(double weight, RetrieverPrior prior) {
  private static final ScoreFusion NONE = new ScoreFusion(0, RetrieverPrior.SCORE);

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the weight is NaN, infinite or negative
   */
  public ScoreFusion {
    Objects.requireNonNull(prior, "prior");
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("fusion weight must be finite and >= 0: " + weight);
    }
  }

  /** No fusion: the LLM's scores alone ({@code weight = 0}). */
  public static ScoreFusion none() {
    return NONE;
  }

  /**
   * Fusion with the {@link RetrieverPrior#SCORE} prior.
   *
   * @throws IllegalArgumentException if the weight is NaN, infinite or negative
   */
  public static ScoreFusion of(double weight) {
    return new ScoreFusion(weight, RetrieverPrior.SCORE);
  }

  /** Whether the retriever has any say ({@code weight > 0}). */
  public boolean isActive() {
    return weight > 0;
  }

  /**
   * The fused scores of the shown candidates.
   *
   * @param llm the LLM's score of each shown candidate (higher is better)
   * @param shown the candidates shown to the model, in the same order as {@code llm}
   * @param retrieverOrder the retriever's full candidate list, best first
   * @return a new array; a copy of {@code llm} when the fusion is not active (the prior is then not
   *     computed)
   * @throws IllegalArgumentException if {@code llm} and {@code shown} differ in length
   * @throws io.palr.api.RankingException if the prior cannot be computed
   */
  public double[] fuse(double[] llm, List<Candidate> shown, List<Candidate> retrieverOrder) {
    if (llm.length != shown.size()) {
      throw new IllegalArgumentException(
          llm.length + " LLM scores for " + shown.size() + " candidates");
    }
    double[] out = llm.clone();
    if (!isActive()) {
      return out;
    }
    double[] p = prior.logPrior(shown, retrieverOrder);
    for (int i = 0; i < out.length; i++) {
      out[i] += weight * p[i];
    }
    return out;
  }

  /**
   * A formula for provenance, e.g. {@code llm + 0.5 * log softmax(retriever score)}, or {@code llm}
   * when inactive.
   */
  public String describe() {
    return isActive() ? "llm + " + weightText() + " * " + prior.formula() : "llm";
  }

  /** The weight without trailing zeros, e.g. {@code 0.5}, {@code 8}. */
  public String weightText() {
    return BigDecimal.valueOf(weight).stripTrailingZeros().toPlainString();
  }
}
