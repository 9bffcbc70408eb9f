package io.palr.core.rank;

import io.palr.api.Candidate;
import io.palr.api.Prompt;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.core.llm.LanguageModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks candidates by the log-likelihood the model gives each candidate's rendering as the answer
 * ({@link LanguageModel#scoreContinuations}), in the spirit of LlamaRec: one pass over the prompt, no generation, no
 * hallucination. By default the score is the mean per token, so that long titles are not penalised for their
 * length. Ties keep retriever order. Needs {@link LanguageModel.Capability#CONTINUATION_SCORING}. Thread-safe.
 */
public final class LikelihoodRanker extends PromptRanker {
  private final boolean perToken;

  /**
   * A ranker over the model and template.
   *
   * @param perToken whether to divide each log-likelihood by the rendering's token count
   * @throws UnsupportedOperationException if the model does not support continuation scoring
   */
  public LikelihoodRanker(LanguageModel model, PromptTemplate template, boolean perToken) {
    super(RankerKind.LIKELIHOOD, model, template, LanguageModel.Capability.CONTINUATION_SCORING);
    this.perToken = perToken;
  }

  @Override
  protected RankingResult rankPrompt(Prompt prompt, RankingRequest request) {
    List<String> options = prompt.renderedCandidates().stream().map(Prompt.RenderedCandidate::rendered).toList();
    double[] ll = model.scoreContinuations(prompt.text(), options);
    if (ll == null || ll.length != options.size()) {
      throw new RankingException(name() + ": model '" + model.name() + "' returned "
          + (ll == null ? "no" : String.valueOf(ll.length)) + " scores for " + options.size() + " candidates");
    }
    List<Integer> order = new ArrayList<>(options.size());
    double[] score = new double[options.size()];
    for (int i = 0; i < options.size(); i++) {
      if (Double.isNaN(ll[i])) {
        throw new RankingException(name() + ": model '" + model.name() + "' scored candidate '" + options.get(i)
            + "' as NaN");
      }
      score[i] = perToken ? ll[i] / Math.max(1, model.countTokens(options.get(i))) : ll[i];
      order.add(i);
    }
    List<Candidate> retrieverOrder = request.candidates();
    order.sort(Comparator.<Integer>comparingDouble(i -> -score[i])
        .thenComparingInt(i -> retrieverOrder.indexOf(shown(prompt, i))));
    List<Candidate> ranked = new ArrayList<>();
    for (int i = 0; i < count(prompt, request); i++) {
      ranked.add(shown(prompt, order.get(i)));
    }
    return new RankingResult(ranked, "", 0, 0);
  }
}
