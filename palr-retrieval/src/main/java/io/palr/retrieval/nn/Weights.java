package io.palr.retrieval.nn;

import ai.djl.ndarray.NDArray;

/**
 * Read access to a model's weights during one forward pass: the live trainable parameters while
 * training, or gradient-free aliases owned by the caller's scope at inference (see {@link
 * ParameterStore#frozen}).
 */
@FunctionalInterface
public interface Weights {
  /** The weight with this name. */
  NDArray get(String name);
}
