package io.palr.core.rank;

import io.palr.api.Prompt;
import io.palr.api.PromptTemplate;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import io.palr.core.parse.OutputParser;
import io.palr.core.parse.ParsedOutput;
import java.util.List;
import java.util.Objects;

/**
 * The PALR ranker: the model writes the recommended items one per line, and {@link OutputParser}
 * maps the lines back to candidates, dropping hallucinations, duplicates and garbage (counted in
 * the result). Decoding is greedy by default and stops when the model starts another {@code ###}
 * section; the token limit covers {@code k} of the longest candidate renderings. Thread-safe.
 */
public final class GenerativeRanker extends PromptRanker {
  private final GenerationOptions options;
  private final OutputParser parser;

  private GenerativeRanker(Builder b) {
    super(RankerKind.GENERATIVE, b.model, b.template, null);
    this.options = b.options;
    this.parser =
        b.parser != null
            ? b.parser
            : OutputParser.builder().matchIds(b.template.rendersItemIds()).build();
  }

  /** Starts a builder for a ranker over the model and template. */
  public static Builder builder(LanguageModel model, PromptTemplate template) {
    return new Builder(model, template);
  }

  @Override
  protected RankingResult rankPrompt(Prompt prompt, RankingRequest request) {
    int k = count(prompt, request);
    int longest = 1;
    for (Prompt.RenderedCandidate rc : prompt.renderedCandidates()) {
      longest = Math.max(longest, model.countTokens(rc.rendered()));
    }
    int budget = (int) Math.min((long) options.maxTokens(), (long) k * (longest + 4) + 8);
    List<String> out = model.generate(List.of(prompt.text()), options.withMaxTokens(budget));
    if (out == null || out.size() != 1 || out.get(0) == null) {
      throw new RankingException(
          name()
              + ": model '"
              + model.name()
              + "' returned "
              + (out == null ? "null" : out.size() + " completions")
              + " for one prompt");
    }
    String text = out.get(0);
    ParsedOutput parsed = parser.parse(text, prompt.renderedCandidates());
    List<io.palr.api.Candidate> ranked =
        parsed.items().size() > k ? parsed.items().subList(0, k) : parsed.items();
    String detail = parsed.duplicates() > 0 ? parsed.duplicates() + " repeated items dropped" : "";
    return new RankingResult(ranked, text, parsed.hallucinations(), parsed.parseFailures(), detail);
  }

  /** Builder of {@link GenerativeRanker}; not thread-safe. */
  public static final class Builder {
    private final LanguageModel model;
    private final PromptTemplate template;
    private GenerationOptions options;
    private OutputParser parser;

    private Builder(LanguageModel model, PromptTemplate template) {
      this.model = Objects.requireNonNull(model, "model");
      this.template = Objects.requireNonNull(template, "template");
      this.options = GenerationOptions.greedy(1024).withStop(template.stopSequences());
    }

    /**
     * Decoding options; their token limit caps the per-request limit (default: greedy, at most 1024
     * tokens, stop at the template's {@link PromptTemplate#stopSequences()}).
     */
    public Builder options(GenerationOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The output parser (default: fuzzy threshold 0.8, ids matched when the template shows them).
     */
    public Builder parser(OutputParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
      return this;
    }

    /** Builds the ranker. */
    public GenerativeRanker build() {
      return new GenerativeRanker(this);
    }
  }
}
