package io.palr.core.prompt;

/** Thrown when not even the instruction and one candidate fit the prompt's token budget. */
public class PromptBudgetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public PromptBudgetException(String message) {
    super(message);
  }
}
