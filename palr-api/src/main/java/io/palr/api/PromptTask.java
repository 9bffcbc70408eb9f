package io.palr.api;

/** The instruction tasks a PALR prompt can pose. */
public enum PromptTask {
  /** PALR v1: predict the next items from the history alone. */
  RECOMMEND,
  /** PALR v2: pick the items the user will like from a candidate list. */
  RECOMMEND_RETRIEVAL,
  /** Summarise the history into preference keywords (profile generation). */
  PROFILE
}
