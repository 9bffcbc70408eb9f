package io.palr.retrieval.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.palr.api.scoring.ItemScorer;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.nn.ParameterStore;

/**
 * The model side of the shared training loop: a neural model says how to build its batches, how to
 * compute its loss on one batch and (as an {@link ItemScorer}) how to score the catalogue; the
 * {@link Trainer} does the rest (optimisation, validation, early stopping, checkpoints, logging).
 *
 * @param <B> the model's batch type
 */
public interface TrainableModel<B extends Batch> extends ItemScorer {

  /** The model's hyper-parameters; {@link ModelConfig#type()} names the model kind. */
  ModelConfig config();

  /** The model's named weights. */
  ParameterStore parameters();

  /** A sampler of training batches over the given data. */
  BatchSampler<B> sampler(TrainingData data);

  /**
   * The scalar training loss of one batch, computed in training mode (dropout on) from the live
   * parameters.
   *
   * @param step the per-step manager; every array created for the batch must live in it
   * @param batch the batch
   */
  NDArray loss(NDManager step, B batch);

  /** Frees the model's native memory. */
  @Override
  void close();
}
