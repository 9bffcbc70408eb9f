package io.palr.retrieval.train;

import java.util.Random;

/**
 * Builds a model's mini-batches from training data. An epoch is a shuffled pass over {@link
 * #epochSize()} sampling units (users for sequence models, interactions for pairwise models); the
 * trainer chunks the shuffled units and calls {@link #build} on its producer thread, so
 * implementations must only read shared state.
 *
 * @param <B> the model's batch type
 */
public interface BatchSampler<B extends Batch> {
  /** Number of sampling units in one epoch. */
  int epochSize();

  /**
   * A length-like key of a unit; when units differ in it the trainer groups units of similar key
   * into the same batch (shuffling within and across groups) so that models that trim padding do
   * less work. 0 = no grouping.
   */
  default int length(int unit) {
    return 0;
  }

  /**
   * Builds the batch for the given units.
   *
   * @param units unit indices in {@code [0, epochSize())}
   * @param rng the producer's seeded random source (negative sampling, dropout of inputs)
   */
  B build(int[] units, Random rng);
}
