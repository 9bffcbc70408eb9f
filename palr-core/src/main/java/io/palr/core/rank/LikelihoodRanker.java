package io.palr.core.rank;

import io.palr.api.Candidate;
import io.palr.api.Prompt;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.llm.LanguageModel;
import java.util.List;
import java.util.Objects;

/**
 * Ranks candidates by the log-likelihood the model gives each candidate's rendering as the answer
 * ({@link LanguageModel#scoreContinuations}), in the spirit of LlamaRec: one pass over the prompt,
 * no generation, no hallucination. By default the score is the mean per token, so that long titles
 * are not penalised for their length. Optionally the score is fused with the retriever's evidence
 * ({@link ScoreFusion}; the name then says the weight, e.g. {@code likelihood+fusion(llm + 0.5 *
 * log softmax(retriever score)):model/template}). Ties keep retriever order. Needs {@link
 * LanguageModel.Capability#CONTINUATION_SCORING}. Immutable and thread-safe.
 */
public final class LikelihoodRanker extends PromptRanker {
  /** How a candidate's log-likelihood is turned into its score. */
  public enum Normalization {
    /** The log-likelihood summed over the candidate's tokens: favours short renderings. */
    SUM,
    /** The mean log-likelihood per token, so that long titles are not penalised for length. */
    PER_TOKEN
  }

  private final Normalization normalization;
  private final ScoreFusion fusion;

  /**
   * A ranker over the model and template, on the LLM's scores alone.
   *
   * @param normalization how log-likelihoods become scores
   * @throws UnsupportedOperationException if the model does not support continuation scoring
   */
  public LikelihoodRanker(
      LanguageModel model, PromptTemplate template, Normalization normalization) {
    this(model, template, normalization, ScoreFusion.none());
  }

  /**
   * A ranker over the model and template whose scores are fused with the retriever's.
   *
   * @param normalization how log-likelihoods become scores
   * @param fusion how the LLM's scores are combined with the retriever's evidence
   * @throws UnsupportedOperationException if the model does not support continuation scoring
   */
  public LikelihoodRanker(
      LanguageModel model,
      PromptTemplate template,
      Normalization normalization,
      ScoreFusion fusion) {
    super(RankerKind.LIKELIHOOD, model, template, LanguageModel.Capability.CONTINUATION_SCORING);
    this.normalization = Objects.requireNonNull(normalization, "normalization");
    this.fusion = Objects.requireNonNull(fusion, "fusion");
  }

  /** A ranker like this one with another fusion (same model, template and normalization). */
  public LikelihoodRanker withFusion(ScoreFusion fusion) {
    return new LikelihoodRanker(model, template, normalization, fusion);
  }

  /** The fusion with the retriever's evidence ({@link ScoreFusion#none()} for pure LLM ranking). */
  public ScoreFusion fusion() {
    return fusion;
  }

  @Override
  public String name() {
    String base = super.name();
    return fusion.isActive() ? base.replaceFirst(":", "+fusion(" + fusion.describe() + "):") : base;
  }

  /**
   * The LLM's (unfused) score of each candidate the prompt for this request shows, for comparing
   * fusions without re-running the model.
   *
   * @throws RankingException if the prompt cannot be rendered or the model fails
   */
  public CandidateScores scores(RankingRequest request) {
    Prompt prompt = prompt(request);
    return askModel(() -> llmScores(prompt));
  }

  @Override
  protected RankingResult rankPrompt(Prompt prompt, RankingRequest request) {
    List<Candidate> ranked =
        llmScores(prompt).ranked(fusion, request.candidates(), count(prompt, request));
    return new RankingResult(ranked, "", 0, 0);
  }

  private CandidateScores llmScores(Prompt prompt) {
    List<String> options =
        prompt.renderedCandidates().stream().map(Prompt.RenderedCandidate::rendered).toList();
    double[] ll = model.scoreContinuations(prompt.text(), options);
    if (ll == null || ll.length != options.size()) {
      throw new RankingException(
          name()
              + ": model '"
              + model.name()
              + "' returned "
              + (ll == null ? "no" : String.valueOf(ll.length))
              + " scores for "
              + options.size()
              + " candidates");
    }
    double[] score = new double[options.size()];
    for (int i = 0; i < options.size(); i++) {
      if (Double.isNaN(ll[i])) {
        throw new RankingException(
            name()
                + ": model '"
                + model.name()
                + "' scored candidate '"
                + options.get(i)
                + "' as NaN");
      }
      score[i] =
          normalization == Normalization.PER_TOKEN
              ? ll[i] / Math.max(1, model.countTokens(options.get(i)))
              : ll[i];
    }
    return new CandidateScores(
        prompt.renderedCandidates().stream().map(Prompt.RenderedCandidate::candidate).toList(),
        score);
  }
}
