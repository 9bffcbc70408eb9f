package io.palr.api;

/**
 * Thrown by {@link PromptTemplate#render} when not even the instruction and one candidate fit the
 * prompt's token budget; rankers turn it into a {@link RankingException}.
 */
public class PromptBudgetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public PromptBudgetException(String message) {
    super(message);
  }
}
