package io.palr.api.explain;

/** Which stage put a recommended item where it is. */
public enum ItemOrigin {
  /** The retriever's order is the answer (no ranker, a fallback, or a cold start). */
  RETRIEVER,
  /** The LLM ranker placed the item. */
  LLM_RANKED,
  /** The LLM ranked the list but not this item: it was back-filled in retriever order. */
  BACK_FILLED
}
