package io.palr.core.prompt;

/** How an item is written in a prompt. */
public enum ItemStyle {
  /** The title alone, e.g. {@code Toy Story (1995)}; the id when the item has no title. */
  TITLE,
  /**
   * The id followed by the title in parentheses, e.g. {@code B00123 (Lip Balm)}, as in the PALR
   * Beauty prompts.
   */
  ID_AND_TITLE
}
