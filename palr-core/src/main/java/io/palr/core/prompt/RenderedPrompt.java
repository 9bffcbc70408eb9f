package io.palr.core.prompt;

import io.palr.api.Prompt;
import java.util.Objects;

/**
 * A rendered prompt with its Alpaca parts and what had to be cut to fit the token budget.
 *
 * @param prompt the full prompt, as given to the model, with its instruction and input sections
 * @param historyShown how many of the most recent history items the prompt shows
 * @param historyTotal how many history items the context had
 * @param candidatesShown how many candidates the prompt shows
 * @param candidatesTotal how many candidates the context had
 * @param promptTokens the prompt's length according to the template's token counter
 */
public record RenderedPrompt(
    Prompt prompt,
    int historyShown,
    int historyTotal,
    int candidatesShown,
    int candidatesTotal,
    int promptTokens) {

  /** Validates the components. */
  public RenderedPrompt {
    Objects.requireNonNull(prompt, "prompt");
  }

  /** Whether older history items were left out to fit the budget. */
  public boolean historyTruncated() {
    return historyShown < historyTotal;
  }

  /** Whether candidates were left out because the candidates alone exceeded the budget. */
  public boolean candidatesReduced() {
    return candidatesShown < candidatesTotal;
  }

  /** A short human-readable account of what was cut, empty when nothing was. */
  public String truncationNote() {
    return prompt.truncationNote();
  }

  static String truncationNote(
      int historyShown, int historyTotal, int candidatesShown, int candidatesTotal) {
    StringBuilder sb = new StringBuilder();
    if (candidatesShown < candidatesTotal) {
      sb.append("prompt budget: candidates reduced from ")
          .append(candidatesTotal)
          .append(" to ")
          .append(candidatesShown);
    }
    if (historyShown < historyTotal) {
      sb.append(sb.length() == 0 ? "" : "; ")
          .append("prompt budget: history truncated to the most recent ")
          .append(historyShown)
          .append(" of ")
          .append(historyTotal)
          .append(" items");
    }
    return sb.toString();
  }
}
