package io.palr.eval.protocol;

/** How negatives are drawn for the sampled ranking protocol. */
public enum NegativeSampling {
  /** Every eligible item is equally likely. */
  UNIFORM,
  /**
   * Items are drawn with probability proportional to their interaction count in the histories of
   * the evaluated mode (training items for validation, training plus validation items for test), so
   * no target leaks into the weights.
   */
  POPULARITY
}
