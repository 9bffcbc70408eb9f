package io.palr.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link PromptContext} into model input, and says how the model is expected to answer.
 * Templates are immutable and thread-safe. Item titles are untrusted text: a template must quote or
 * escape them so that no title can change the structure of the prompt.
 *
 * <p>Everything the rankers, the profile generator and the instruction-data generator need from a
 * template is on this interface or on the {@link Prompt} it renders, so any implementation can
 * replace palr's own; palr-testkit's {@code PromptTemplateContract} checks one.
 */
public interface PromptTemplate {

  /** A short stable name, e.g. "palr-v2-movies". */
  String name();

  /**
   * Renders the prompt for the given context. Candidates that do not fit a token budget are left
   * out (from the end of the list) and said so in {@link Prompt#truncationNote()}.
   *
   * @throws PromptBudgetException if not even the instruction and one candidate fit the budget
   */
  Prompt render(PromptContext context);

  /**
   * How the prompt and the expected answer write one item, e.g. its title; rankers match generated
   * lines against this text. The default is the title, or the id for an untitled item.
   */
  default String renderItem(Item item) {
    return item.displayName();
  }

  /**
   * The answer the model should give for these items, in order: the target text of the recommend
   * tasks in instruction data. The default writes {@link #renderItem} one per line.
   */
  default String renderResponse(List<Item> items) {
    return items.stream().map(this::renderItem).collect(Collectors.joining("\n"));
  }

  /**
   * The answer the model should give for a profile: the target text of the profile task in
   * instruction data. The default joins the keywords with ", ".
   */
  default String renderProfileResponse(UserProfile profile) {
    return String.join(", ", profile.keywords());
  }

  /** Strings at which generation stops (the end of an answer in this layout); none by default. */
  default List<String> stopSequences() {
    return List.of();
  }

  /**
   * Whether {@link #renderItem} writes item ids, so that output parsing should also match ids (e.g.
   * {@code "B00123 (Lip Balm)"}); false by default.
   */
  default boolean rendersItemIds() {
    return false;
  }
}
