package io.palr.core.rank;

import io.palr.api.Candidate;
import io.palr.api.LlmRanker;
import io.palr.api.Prompt;
import io.palr.api.PromptBudgetException;
import io.palr.api.PromptContext;
import io.palr.api.PromptTask;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import io.palr.core.parse.OutputParser;
import io.palr.core.parse.ParsedOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PALR-v1 ranking: the model is prompted with the <em>Recommend</em> task (history and profile, no
 * candidate list) and writes items freely; {@link OutputParser} then keeps only the generated items
 * that are among the retriever's candidates, in generated order. Lines naming catalogue items
 * outside the candidates count as hallucinations (with respect to the candidate set), lines naming
 * no catalogue item as parse failures. Greedy decoding; thread-safe when the model is.
 */
public final class RecommendTaskRanker implements LlmRanker {
  private final LanguageModel model;
  private final PromptTemplate template;
  private final OutputParser parser;
  private final int maxTokens;

  /**
   * A v1 ranker.
   *
   * @param model the fine-tuned model
   * @param template the template the model was fine-tuned with
   * @param parser the parser mapping lines to candidates (give it the catalogue to tell
   *     hallucinations from garbage)
   * @param maxTokens upper bound on generated tokens
   */
  public RecommendTaskRanker(
      LanguageModel model, PromptTemplate template, OutputParser parser, int maxTokens) {
    this.model = Objects.requireNonNull(model, "model");
    this.template = Objects.requireNonNull(template, "template");
    this.parser = Objects.requireNonNull(parser, "parser");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    }
    this.maxTokens = maxTokens;
  }

  @Override
  public String name() {
    return "recommend-task:" + model.name() + "/" + template.name();
  }

  @Override
  public RankingResult rank(RankingRequest request) {
    if (request.candidates().isEmpty()) {
      return new RankingResult(List.of(), "", 0, 0, "no candidates to rank");
    }
    Prompt r;
    try {
      r =
          template.render(
              new PromptContext(
                  PromptTask.RECOMMEND,
                  request.history(),
                  request.profile(),
                  List.of(),
                  request.k()));
    } catch (PromptBudgetException e) {
      throw new RankingException(name() + ": " + e.getMessage(), e);
    }
    List<Prompt.RenderedCandidate> rendered = new ArrayList<>(request.candidates().size());
    int longest = 1;
    for (Candidate c : request.candidates()) {
      String text = template.renderItem(c.item());
      rendered.add(new Prompt.RenderedCandidate(c, text));
      longest = Math.max(longest, model.countTokens(text));
    }
    int budget = (int) Math.min(maxTokens, (long) request.k() * (longest + 4) + 8);
    List<String> out;
    try {
      out =
          model.generate(
              List.of(r.text()),
              GenerationOptions.greedy(budget).withStop(template.stopSequences()));
    } catch (RuntimeException e) {
      throw new RankingException(name() + ": model '" + model.name() + "' failed: " + e, e);
    }
    if (out == null || out.size() != 1 || out.get(0) == null) {
      throw new RankingException(name() + ": model returned no completion for one prompt");
    }
    String text = out.get(0);
    ParsedOutput parsed = parser.parse(text, rendered);
    List<Candidate> ranked =
        parsed.items().size() > request.k()
            ? parsed.items().subList(0, request.k())
            : parsed.items();
    String note = r.truncationNote();
    return new RankingResult(ranked, text, parsed.hallucinations(), parsed.parseFailures(), note);
  }
}
