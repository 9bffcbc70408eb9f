package io.palr.retrieval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.palr.retrieval.nn.ParameterStore;
import io.palr.retrieval.nn.Weights;
import io.palr.retrieval.train.Batch;
import io.palr.retrieval.train.TrainableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shared plumbing of the neural models: owns the parameter store, scores users in chunks inside a
 * per-call manager with gradient-free weights (thread-safe, no native memory kept after the call),
 * and routes the training loss to the live parameters.
 *
 * @param <B> the model's batch type
 */
abstract class AbstractNeuralModel<B extends Batch> implements TrainableModel<B> {
  /** The model's weights. */
  protected final ParameterStore params;

  /** Catalogue size (model item ids are 1..numItems, 0 is padding). */
  protected final int numItems;

  AbstractNeuralModel(ParameterStore params, int numItems) {
    this.params = Objects.requireNonNull(params, "params");
    if (numItems < 1) {
      throw new IllegalArgumentException("numItems must be >= 1: " + numItems);
    }
    this.numItems = numItems;
  }

  @Override
  public final ParameterStore parameters() {
    return params;
  }

  @Override
  public final int numItems() {
    return numItems;
  }

  /**
   * How many users to score per engine call when the longest history in the call has {@code
   * longestHistory} items. Bounded so that no intermediate array exceeds about 5 MB: arrays over 32
   * MB (glibc's largest mmap threshold) are fresh mappings that are page-faulted in and unmapped on
   * every op (about 40 times slower per element when measured here), and arrays that stay
   * cache-sized were about twice as fast again as 10 MB ones.
   */
  protected int scoringChunk(int longestHistory) {
    return Math.max(1, Math.min(512, 1_250_000 / Math.max(1, numItems)));
  }

  /**
   * Scores in chunks of users of similar history length (models trim padding per chunk), spread
   * over the scoring threads (see {@code palr.scoring.threads}), rows returned in the callers'
   * order.
   */
  @Override
  public final float[][] scoreAll(List<int[]> histories) {
    int total = histories.size();
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> histories.get(i).length));
    List<int[]> bounds = new ArrayList<>();
    for (int start = 0, end; start < total; start = end) {
      // histories are sorted by length: size the chunk for its would-be longest member, then shrink
      // once more
      int guess = Math.min(total, start + scoringChunk(histories.get(order[start]).length));
      end = Math.min(total, start + scoringChunk(histories.get(order[guess - 1]).length));
      bounds.add(new int[] {start, end});
    }
    float[][] out = new float[total][];
    ScoringThreads.forEach(
        bounds.size(),
        c -> {
          int start = bounds.get(c)[0];
          int end = bounds.get(c)[1];
          List<int[]> part = new ArrayList<>(end - start);
          for (int i = start; i < end; i++) {
            part.add(histories.get(order[i]));
          }
          try (NDManager m = params.manager().newSubManager()) {
            float[] flat = scores(m, params.frozen(m), part).toFloatArray();
            for (int b = 0; b < part.size(); b++) {
              float[] row = new float[numItems];
              System.arraycopy(flat, b * numItems, row, 0, numItems);
              out[order[start + b]] = row;
            }
          }
        });
    return out;
  }

  @Override
  public final NDArray loss(NDManager step, B batch) {
    return loss(step, params.trainable(), batch);
  }

  /**
   * Training-mode loss of a batch.
   *
   * @param m the per-step manager
   * @param w the live weights
   * @param batch the batch
   */
  protected abstract NDArray loss(NDManager m, Weights w, B batch);

  /**
   * Inference-mode scores of every catalogue item for each history, shape (histories, numItems), in
   * {@code m}.
   *
   * @param m the per-call manager
   * @param w gradient-free weights
   * @param histories catalogue indices, oldest first; may be empty
   */
  protected abstract NDArray scores(NDManager m, Weights w, List<int[]> histories);

  @Override
  public void close() {
    params.close();
  }
}
