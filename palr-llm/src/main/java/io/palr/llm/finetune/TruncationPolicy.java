package io.palr.llm.finetune;

/** What to do with an example longer than the maximum sequence length. */
public enum TruncationPolicy {
  /**
   * Drop prompt tokens from the left (just after the beginning-of-sequence token) until the example
   * fits; the response is never cut. Examples whose response alone does not fit are skipped and
   * counted.
   */
  TRUNCATE_PROMPT_LEFT,
  /** Skip the example and count it. */
  SKIP
}
