package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Next-token cross-entropy over the scored (response) positions of a batch only. Rows of the logits
 * at prompt and padding positions are never read, so they get exactly zero gradient; the
 * log-softmax also runs only over the scored rows, which for PALR's long prompts and short answers
 * is a small fraction of the batch.
 */
public final class ResponseLoss {
  private ResponseLoss() {}

  /**
   * The summed negative log-likelihood of the scored targets (a scalar, float32, differentiable).
   *
   * @param logits [rows, length, vocab] logits of the batch's inputs; the result is created in its
   *     manager
   * @param batch the batch the logits belong to
   * @return the sum over scored positions of {@code -log p(target)}
   */
  public static NDArray summedNll(NDArray logits, SftBatch batch) {
    Shape s = logits.getShape();
    if (s.dimension() != 3 || s.get(0) != batch.rows() || s.get(1) != batch.length()) {
      throw new IllegalArgumentException(
          "logits " + s + " do not match a batch of " + batch.rows() + " x " + batch.length());
    }
    long vocab = s.get(2);
    int n = batch.scoredTokens();
    long[] rows = new long[n];
    long[] targets = new long[n];
    int k = 0;
    for (int i = 0; i < batch.weights().length; i++) {
      if (batch.weights()[i] != 0f) {
        rows[k] = i;
        targets[k] = batch.targets()[i];
        if (targets[k] < 0 || targets[k] >= vocab) {
          throw new IllegalArgumentException(
              "target id " + targets[k] + " outside the vocabulary of " + vocab);
        }
        k++;
      }
    }
    NDManager m = logits.getManager();
    NDArray flat = logits.reshape(-1, vocab);
    NDArray selected = flat.get(new NDIndex("{}", m.create(rows)));
    if (selected.getDataType() != DataType.FLOAT32) {
      selected = selected.toType(DataType.FLOAT32, false);
    }
    NDArray picked = selected.logSoftmax(-1).gather(m.create(targets, new Shape(n, 1)), 1);
    return picked.sum().neg();
  }
}
