package io.palr.api.explain;

/** How a history item supports a recommended item; says what {@link Support#value()} means. */
public enum SupportKind {
  /**
   * Users of the training data interacted with both items; the value is the number of such users
   * (an integer).
   */
  CO_OCCURRENCE,
  /**
   * The items' texts are close under a sentence encoder; the value is their cosine similarity, in
   * [-1, 1].
   */
  TEXT_SIMILARITY,
  /**
   * The retriever attended to the history item when it scored the user (e.g. SASRec's last-layer
   * attention of the newest position); the value is the attention weight, in [0, 1].
   */
  ATTENTION
}
