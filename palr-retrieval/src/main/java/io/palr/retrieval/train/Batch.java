package io.palr.retrieval.train;

/**
 * One mini-batch of training examples as plain Java arrays, built off the training thread by a
 * {@link BatchSampler}.
 */
public interface Batch {
  /** Number of examples (rows) in the batch. */
  int size();
}
