package io.palr.core.prompt;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.Prompt;
import io.palr.api.PromptBudgetException;
import io.palr.api.PromptContext;
import io.palr.api.PromptTask;
import io.palr.api.PromptTemplate;
import io.palr.api.UserProfile;
import io.palr.api.llm.LanguageModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * The PALR prompt in an Alpaca layout ({@code ### Instruction:} / {@code ### Input:} / {@code ###
 * Response:}) for the Recommend (v1), Recommend_Retrieval (v2) and profile tasks. The input holds
 * the paper's three parts: the interaction history ("The user has watched the following movies:"),
 * the natural-language profile ("The user's preferences: ...") and, for v2, the candidate list
 * ("Candidates:"), one item per line.
 *
 * <p>Budgeting: with a token budget ({@link Builder#maxPromptTokens}), the template keeps the most
 * recent history items that fit; if the instruction and candidates alone exceed the budget it keeps
 * the best-ranked candidates that fit (at least one, else {@link PromptBudgetException}) and
 * reports it in {@link RenderedPrompt#truncationNote()}. Candidates are shown in a seeded, per-user
 * shuffled order by default, because LLMs are position-biased and the retriever's order would
 * otherwise leak into the answer.
 *
 * <p>Immutable and thread-safe when the token counter is.
 */
public final class PalrPromptTemplate implements PromptTemplate {
  /**
   * The standard Alpaca preamble, so that prompts match what common fine-tuning tools build from an
   * export.
   */
  public static final String ALPACA_HEADER =
      "Below is an instruction that describes a task, paired with an input that provides further context. "
          + "Write a response that appropriately completes the request.\n\n";

  /** The marker after which the model writes its answer. */
  public static final String RESPONSE_MARKER = "### Response:";

  /** Stop strings for generation: the model starting another section. */
  public static final List<String> STOP = List.of("\n###", "###");

  private static final String BULLET = "- ";

  private final Domain domain;
  private final ItemRenderer renderer;
  private final ToIntFunction<String> tokenCounter;
  private final int maxPromptTokens;
  private final int maxHistoryItems;
  private final boolean shuffle;
  private final long shuffleSeed;
  private final int profileKeywords;

  private PalrPromptTemplate(Builder b) {
    this.domain = b.domain;
    this.renderer = new ItemRenderer(b.itemStyle == null ? b.domain.itemStyle() : b.itemStyle);
    this.tokenCounter = b.tokenCounter;
    this.maxPromptTokens = b.maxPromptTokens;
    this.maxHistoryItems = b.maxHistoryItems;
    this.shuffle = b.shuffle;
    this.shuffleSeed = b.shuffleSeed;
    this.profileKeywords = b.profileKeywords;
  }

  /** A builder for a template in the given domain. */
  public static Builder builder(Domain domain) {
    return new Builder(domain);
  }

  /**
   * A template for the domain with defaults: no token budget, 50 history items, shuffled candidates
   * (seed 0).
   */
  public static PalrPromptTemplate of(Domain domain) {
    return builder(domain).build();
  }

  @Override
  public String name() {
    return "palr-" + domain.name();
  }

  /** The domain wording. */
  public Domain domain() {
    return domain;
  }

  /** The item renderer, shared with output parsing and instruction data. */
  public ItemRenderer renderer() {
    return renderer;
  }

  /** The token counter used for budgeting. */
  public int countTokens(String text) {
    return tokenCounter.applyAsInt(text);
  }

  /** The prompt token budget ({@link Integer#MAX_VALUE} when unbounded). */
  public int maxPromptTokens() {
    return maxPromptTokens;
  }

  @Override
  public Prompt render(PromptContext context) {
    return renderDetailed(context).prompt();
  }

  /**
   * Renders the prompt and reports its parts and what was cut to fit the budget.
   *
   * @throws PromptBudgetException if the instruction with a single candidate (or, without
   *     candidates, with no history) does not fit the budget
   */
  public RenderedPrompt renderDetailed(PromptContext context) {
    PromptTask task = context.task();
    List<Candidate> allCandidates =
        task == PromptTask.RECOMMEND_RETRIEVAL ? context.candidates() : List.of();
    List<Item> history = context.history().items();
    List<String> historyLines = new ArrayList<>(Math.min(history.size(), maxHistoryItems));
    for (Item it : history.subList(Math.max(0, history.size() - maxHistoryItems), history.size())) {
      historyLines.add(
          task == PromptTask.PROFILE ? renderer.renderWithAttributes(it) : renderer.render(it));
    }
    String profileLine = task == PromptTask.PROFILE ? "" : profileLine(context.profile());
    boolean budgeted = maxPromptTokens != Integer.MAX_VALUE;

    int numCandidates = allCandidates.size();
    if (budgeted
        && numCandidates > 0
        && tokens(task, context.k(), List.of(), profileLine, allCandidates) > maxPromptTokens) {
      int lo = 0; // largest count known to fit
      int hi = numCandidates; // smallest count known not to fit
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (tokens(task, context.k(), List.of(), profileLine, allCandidates.subList(0, mid))
            <= maxPromptTokens) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      if (lo == 0) {
        throw new PromptBudgetException(
            "prompt budget of "
                + maxPromptTokens
                + " tokens is too small for the instruction and a single candidate (template "
                + name()
                + ")");
      }
      numCandidates = lo;
    }
    List<Candidate> shown =
        order(allCandidates.subList(0, numCandidates), context.history().userId());

    int historyShown = historyLines.size();
    if (budgeted) {
      int base = tokens(task, context.k(), List.of(), profileLine, shown);
      if (base > maxPromptTokens) {
        throw new PromptBudgetException(
            "prompt budget of "
                + maxPromptTokens
                + " tokens is too small for the instruction alone ("
                + base
                + " tokens, template "
                + name()
                + ")");
      }
      int used = base;
      historyShown = 0;
      for (int i = historyLines.size() - 1; i >= 0; i--) {
        int t = countTokens(BULLET + historyLines.get(i) + "\n");
        if (used + t > maxPromptTokens) {
          break;
        }
        used += t;
        historyShown++;
      }
      // per-line counts are an estimate for subword tokenizers: verify the whole prompt and trim if
      // needed
      while (historyShown > 0
          && tokens(task, context.k(), tail(historyLines, historyShown), profileLine, shown)
              > maxPromptTokens) {
        historyShown--;
      }
    }
    List<String> shownHistory = tail(historyLines, historyShown);
    List<Prompt.RenderedCandidate> rendered = new ArrayList<>(shown.size());
    for (Candidate c : shown) {
      rendered.add(new Prompt.RenderedCandidate(c, renderer.render(c.item())));
    }
    String instruction =
        instruction(
            task,
            Math.min(
                context.k(),
                task == PromptTask.RECOMMEND_RETRIEVAL ? Math.max(1, shown.size()) : context.k()));
    String input = input(shownHistory, profileLine, rendered, task);
    String text = compose(instruction, input);
    int promptTokens = budgeted ? countTokens(text) : -1;
    String note =
        RenderedPrompt.truncationNote(
            historyShown, context.history().size(), shown.size(), allCandidates.size());
    return new RenderedPrompt(
        new Prompt(text, rendered, instruction, input, note),
        historyShown,
        context.history().size(),
        shown.size(),
        allCandidates.size(),
        promptTokens);
  }

  @Override
  public String renderItem(Item item) {
    return renderer.render(item);
  }

  /**
   * The response text for the given items: one rendering per line, as the model is asked to answer.
   */
  @Override
  public String renderResponse(List<Item> items) {
    StringBuilder sb = new StringBuilder();
    for (Item it : items) {
      sb.append(sb.length() == 0 ? "" : "\n").append(renderer.render(it));
    }
    return sb.toString();
  }

  /** The response text for a profile: the keywords, comma-separated. */
  @Override
  public String renderProfileResponse(UserProfile profile) {
    return String.join(", ", profile.keywords().stream().map(ItemRenderer::sanitize).toList());
  }

  @Override
  public List<String> stopSequences() {
    return STOP;
  }

  @Override
  public boolean rendersItemIds() {
    return renderer.style() == ItemStyle.ID_AND_TITLE;
  }

  /** Joins the Alpaca parts into the full prompt text. */
  public static String compose(String instruction, String input) {
    return ALPACA_HEADER
        + "### Instruction:\n"
        + instruction
        + "\n\n### Input:\n"
        + input
        + "\n\n"
        + RESPONSE_MARKER
        + "\n";
  }

  private int tokens(
      PromptTask task,
      int k,
      List<String> history,
      String profileLine,
      List<Candidate> candidates) {
    List<Prompt.RenderedCandidate> rendered = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      rendered.add(new Prompt.RenderedCandidate(c, renderer.render(c.item())));
    }
    return countTokens(compose(instruction(task, k), input(history, profileLine, rendered, task)));
  }

  private String instruction(PromptTask task, int k) {
    String noun = k == 1 ? domain.singular() : domain.plural();
    return switch (task) {
      case RECOMMEND ->
          "Based on the "
              + domain.plural()
              + " the user has "
              + domain.pastVerb()
              + " and the user's preferences, recommend "
              + k
              + " "
              + noun
              + " that the user is most likely to "
              + domain.baseVerb()
              + " next. Answer with one "
              + domain.singular()
              + " per line.";
      case RECOMMEND_RETRIEVAL ->
          "Based on the "
              + domain.plural()
              + " the user has "
              + domain.pastVerb()
              + " and the user's preferences, recommend "
              + k
              + " "
              + noun
              + " from the candidates that the user is"
              + " most likely to "
              + domain.baseVerb()
              + " next. Answer with one "
              + domain.singular()
              + " per line, written exactly as in the candidate list, and only recommend candidates.";
      case PROFILE ->
          "Summarise the user's preferences in at most "
              + profileKeywords
              + " short keywords (genres, themes, eras, brands), separated by commas, based on the "
              + domain.plural()
              + " the user has "
              + domain.pastVerb()
              + ".";
    };
  }

  private String input(
      List<String> history,
      String profileLine,
      List<Prompt.RenderedCandidate> candidates,
      PromptTask task) {
    StringBuilder sb = new StringBuilder();
    if (history.isEmpty()) {
      sb.append("The user has not ")
          .append(domain.pastVerb())
          .append(" any ")
          .append(domain.plural())
          .append(" yet.");
    } else {
      sb.append("The user has ")
          .append(domain.pastVerb())
          .append(" the following ")
          .append(domain.plural())
          .append(':');
      for (String line : history) {
        sb.append('\n').append(BULLET).append(line);
      }
    }
    if (!profileLine.isEmpty()) {
      sb.append("\nThe user's preferences: ").append(profileLine);
    }
    if (task == PromptTask.RECOMMEND_RETRIEVAL) {
      sb.append("\nCandidates:");
      for (Prompt.RenderedCandidate c : candidates) {
        sb.append('\n').append(BULLET).append(c.rendered());
      }
    }
    return sb.toString();
  }

  private static String profileLine(UserProfile profile) {
    String text = ItemRenderer.sanitize(profile.text());
    if (text.isEmpty()) {
      List<String> kws =
          profile.keywords().stream()
              .map(ItemRenderer::sanitize)
              .filter(s -> !s.isEmpty())
              .toList();
      text = String.join(", ", kws);
    }
    if (text.isEmpty()) {
      return "";
    }
    return text.endsWith(".") ? text : text + ".";
  }

  private List<Candidate> order(List<Candidate> candidates, String userId) {
    if (!shuffle || candidates.size() < 2) {
      return candidates;
    }
    List<Candidate> copy = new ArrayList<>(candidates);
    Collections.shuffle(copy, new Random(shuffleSeed * 0x9E3779B97F4A7C15L + userId.hashCode()));
    return copy;
  }

  private static List<String> tail(List<String> lines, int n) {
    return lines.subList(lines.size() - n, lines.size());
  }

  /** Builder of {@link PalrPromptTemplate}; not thread-safe. */
  public static final class Builder {
    private final Domain domain;
    private ItemStyle itemStyle;
    private ToIntFunction<String> tokenCounter = Builder::approximateTokens;
    private int maxPromptTokens = Integer.MAX_VALUE;
    private int maxHistoryItems = 50;
    private boolean shuffle = true;
    private long shuffleSeed;
    private int profileKeywords = 5;

    private Builder(Domain domain) {
      this.domain = Objects.requireNonNull(domain, "domain");
    }

    /** Overrides the domain's item style. */
    public Builder itemStyle(ItemStyle style) {
      this.itemStyle = Objects.requireNonNull(style, "style");
      return this;
    }

    /** The function counting tokens for budgeting; default: about four characters per token. */
    public Builder tokenCounter(ToIntFunction<String> counter) {
      this.tokenCounter = Objects.requireNonNull(counter, "counter");
      return this;
    }

    /** The largest prompt, in tokens, default unbounded. */
    public Builder maxPromptTokens(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("maxPromptTokens must be >= 1: " + tokens);
      }
      this.maxPromptTokens = tokens;
      return this;
    }

    /**
     * Budgets prompts for a model: tokens are counted with {@link LanguageModel#countTokens} and a
     * prompt may use the context window less {@code reserveForResponse} tokens.
     */
    public Builder budgetFor(LanguageModel model, int reserveForResponse) {
      int budget = model.contextLength() - reserveForResponse;
      if (budget < 1) {
        throw new IllegalArgumentException(
            "model '"
                + model.name()
                + "' has a context of "
                + model.contextLength()
                + " tokens, not enough to reserve "
                + reserveForResponse
                + " for the response");
      }
      return tokenCounter(model::countTokens).maxPromptTokens(budget);
    }

    /** The most history items ever shown (the most recent ones), default 50. */
    public Builder maxHistoryItems(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxHistoryItems must be >= 0: " + n);
      }
      this.maxHistoryItems = n;
      return this;
    }

    /**
     * Shows candidates in a per-user shuffled order derived from the seed (the default, seed 0).
     */
    public Builder shuffleCandidates(long seed) {
      this.shuffle = true;
      this.shuffleSeed = seed;
      return this;
    }

    /** Shows candidates in the order given (retriever order). */
    public Builder keepCandidateOrder() {
      this.shuffle = false;
      return this;
    }

    /** How many keywords the profile task asks for, default 5. */
    public Builder profileKeywords(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("profileKeywords must be >= 1: " + n);
      }
      this.profileKeywords = n;
      return this;
    }

    /** Builds the template. */
    public PalrPromptTemplate build() {
      return new PalrPromptTemplate(this);
    }

    private static int approximateTokens(String text) {
      return (text.length() + 3) / 4;
    }
  }
}
