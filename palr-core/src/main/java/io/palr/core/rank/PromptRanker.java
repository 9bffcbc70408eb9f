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
import io.palr.api.llm.LanguageModel;
import java.util.Objects;
import java.util.Set;

/**
 * The shared skeleton of the rankers: renders the Recommend_Retrieval prompt for the request, lets
 * the subclass ask the model, wraps model failures in {@link RankingException} and notes any prompt
 * truncation in {@link RankingResult#detail()}. Thread-safe when the model and template are.
 */
public abstract class PromptRanker implements LlmRanker {
  /** The language model. */
  protected final LanguageModel model;

  /** The template rendering the prompts. */
  protected final PromptTemplate template;

  private final String name;

  /**
   * A ranker over the model and template.
   *
   * @param kind the kind, used in the name and error messages
   * @param model the language model
   * @param template the template; its {@link Prompt#truncationNote()} is passed on
   * @param required the model capability the ranker needs
   * @throws UnsupportedOperationException if the model lacks the capability
   */
  protected PromptRanker(
      RankerKind kind,
      LanguageModel model,
      PromptTemplate template,
      LanguageModel.Capability required) {
    this.model = Objects.requireNonNull(model, "model");
    this.template = Objects.requireNonNull(template, "template");
    if (required != null && !model.capabilities().contains(required)) {
      Set<LanguageModel.Capability> has = model.capabilities();
      throw new UnsupportedOperationException(
          "the "
              + kind
              + " ranker needs a model with "
              + required
              + ", but model '"
              + model.name()
              + "' supports only "
              + has
              + plus(has)
              + "; use RankerKind.GENERATIVE");
    }
    this.name =
        kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + model.name() + "/" + template.name();
  }

  private static String plus(Set<LanguageModel.Capability> has) {
    return has.isEmpty() ? " (plain generation)" : " plus plain generation";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public final RankingResult rank(RankingRequest request) {
    if (request.candidates().isEmpty()) {
      return new RankingResult(java.util.List.of(), "", 0, 0, "no candidates to rank");
    }
    Rendered rendered = render(request);
    Prompt prompt = rendered.prompt();
    String note = rendered.note();
    RankingResult result = askModel(() -> rankPrompt(prompt, request));
    if (note.isEmpty()) {
      return result;
    }
    String detail = result.detail().isEmpty() ? note : note + "; " + result.detail();
    return new RankingResult(
        result.ranked(),
        result.rawOutput(),
        result.hallucinations(),
        result.parseFailures(),
        detail);
  }

  /**
   * Runs a call that asks the model, turning any failure other than a {@link RankingException} into
   * one that names this ranker and the model.
   *
   * @param <T> what the call returns
   * @param call the call
   * @return the call's result
   */
  protected final <T> T askModel(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RankingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RankingException(name() + ": model '" + model.name() + "' failed: " + e, e);
    }
  }

  /**
   * The prompt this ranker shows the model for a request (for subclasses' own entry points, e.g.
   * scoring without ranking).
   *
   * @throws RankingException if the prompt does not fit its budget or shows no candidate
   */
  protected final Prompt prompt(RankingRequest request) {
    return render(request).prompt();
  }

  private Rendered render(RankingRequest request) {
    PromptContext ctx =
        new PromptContext(
            PromptTask.RECOMMEND_RETRIEVAL,
            request.history(),
            request.profile(),
            request.candidates(),
            request.k());
    Prompt prompt;
    String note;
    try {
      prompt = template.render(ctx);
      int shown = prompt.renderedCandidates().size();
      note =
          !prompt.truncationNote().isEmpty() || shown >= request.candidates().size()
              ? prompt.truncationNote()
              : "prompt budget: candidates reduced from "
                  + request.candidates().size()
                  + " to "
                  + shown;
    } catch (PromptBudgetException e) {
      throw new RankingException(name + ": " + e.getMessage(), e);
    }
    if (prompt.renderedCandidates().isEmpty()) {
      throw new RankingException(
          name + ": template '" + template.name() + "' rendered no candidates");
    }
    return new Rendered(prompt, note);
  }

  /** A rendered prompt and its truncation note (empty when nothing was cut). */
  private record Rendered(Prompt prompt, String note) {}

  /**
   * Asks the model to rank the candidates shown in the prompt.
   *
   * @param prompt the rendered prompt; its candidates are the only ones that may be returned
   * @param request the original request (for {@code k} and retriever order)
   */
  protected abstract RankingResult rankPrompt(Prompt prompt, RankingRequest request);

  /** How many items to ask for: {@code k}, at most the number of candidates shown. */
  protected static int count(Prompt prompt, RankingRequest request) {
    return Math.min(request.k(), prompt.renderedCandidates().size());
  }

  /** The candidate at a position of the prompt's candidate list. */
  protected static Candidate shown(Prompt prompt, int index) {
    return prompt.renderedCandidates().get(index).candidate();
  }
}
