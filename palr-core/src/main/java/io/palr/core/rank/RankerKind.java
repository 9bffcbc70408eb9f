package io.palr.core.rank;

import io.palr.api.LlmRanker;
import io.palr.api.PromptTemplate;
import io.palr.api.llm.LanguageModel;

/**
 * The ways an LLM can rank candidates; {@link #create} builds a ranker of the kind with default
 * settings.
 */
public enum RankerKind {
  /**
   * Generate a list of titles, then map them back to candidates ({@link GenerativeRanker}); the
   * PALR paper's way.
   */
  GENERATIVE,
  /**
   * Generation constrained to the candidates' renderings ({@link ConstrainedRanker}); never
   * hallucinates.
   */
  CONSTRAINED,
  /**
   * Order candidates by the likelihood of their rendering after the prompt ({@link
   * LikelihoodRanker}).
   */
  LIKELIHOOD;

  /**
   * A ranker of this kind over the model and template, with default settings.
   *
   * @throws UnsupportedOperationException if the model lacks the capability this kind needs
   */
  public LlmRanker create(LanguageModel model, PromptTemplate template) {
    return switch (this) {
      case GENERATIVE -> GenerativeRanker.builder(model, template).build();
      case CONSTRAINED -> new ConstrainedRanker(model, template);
      case LIKELIHOOD ->
          new LikelihoodRanker(model, template, LikelihoodRanker.Normalization.PER_TOKEN);
    };
  }
}
