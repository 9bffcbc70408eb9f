package io.palr.core.parse;

/** How a piece of generated text was matched to an item, from strictest to loosest. */
public enum MatchKind {
  /** The text equals the item's rendering or title exactly. */
  EXACT,
  /** The text is, or starts with, the item's id. */
  ID,
  /** The normalised text equals the item's normalised title (case, punctuation, articles, year). */
  NORMALIZED,
  /** The texts agree once parenthesised parts (alternative titles) are also removed. */
  CORE,
  /**
   * The normalised text starts with the item's normalised title followed by more words (a comment).
   */
  PREFIX,
  /** Token Jaccard or normalised Levenshtein similarity above the threshold. */
  FUZZY
}
