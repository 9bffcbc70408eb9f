package io.palr.api.explain;

/** How the sentence of an {@link Explanation} was produced. */
public enum ExplanationStatus {
  /** Written from the evidence by a template: grounded by construction. */
  TEMPLATE,
  /** Written by a language model and accepted by the grounding check. */
  LLM,
  /**
   * A language model's sentence was rejected (ungrounded, empty, cut off) or could not be had, and
   * the template sentence replaced it; {@link Explanation#detail()} says why.
   */
  REPLACED
}
