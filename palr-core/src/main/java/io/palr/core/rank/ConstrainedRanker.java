package io.palr.core.rank;

import io.palr.api.Candidate;
import io.palr.api.Prompt;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.llm.LanguageModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Ranks by generation constrained to the candidates' renderings ({@link
 * LanguageModel#chooseConstrained}): every generated item is exactly one candidate, so the ranker
 * cannot hallucinate. Needs {@link LanguageModel.Capability#CONSTRAINED_CHOICE}. Thread-safe.
 */
public final class ConstrainedRanker extends PromptRanker {
  /**
   * A ranker over the model and template.
   *
   * @throws UnsupportedOperationException if the model does not support constrained choice
   */
  public ConstrainedRanker(LanguageModel model, PromptTemplate template) {
    super(RankerKind.CONSTRAINED, model, template, LanguageModel.Capability.CONSTRAINED_CHOICE);
  }

  @Override
  protected RankingResult rankPrompt(Prompt prompt, RankingRequest request) {
    List<String> options =
        prompt.renderedCandidates().stream().map(Prompt.RenderedCandidate::rendered).toList();
    int[] chosen = model.chooseConstrained(prompt.text(), options, count(prompt, request), "\n");
    if (chosen == null) {
      throw new RankingException(name() + ": model '" + model.name() + "' returned no choice");
    }
    BitSet seen = new BitSet(options.size());
    List<Candidate> ranked = new ArrayList<>(chosen.length);
    for (int i : chosen) {
      if (i < 0 || i >= options.size()) {
        throw new RankingException(
            name() + ": model '" + model.name() + "' chose option " + i + " of " + options.size());
      }
      if (!seen.get(i)) {
        seen.set(i);
        ranked.add(shown(prompt, i));
      }
    }
    return new RankingResult(ranked, "", 0, 0);
  }
}
