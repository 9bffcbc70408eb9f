package io.palr.retrieval.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * Functional building blocks over raw {@link NDArray}s. Every function takes the per-step input
 * first, so results live in the caller's per-step manager (DJL allocates an op's result in its
 * first operand's manager) and never in the parameter manager.
 */
public final class Layers {
  private Layers() {}

  /** {@code x W^T + b} with {@code W} of shape (out, in); {@code b} may be null. */
  public static NDArray dense(NDArray x, NDArray weight, NDArray bias) {
    return bias == null
        ? Linear.linear(x, weight).singletonOrThrow()
        : Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /**
   * Rows of {@code table} selected by integer {@code indices} (any shape; result adds a trailing
   * dim).
   */
  public static NDArray embed(NDArray indices, NDArray table) {
    return Embedding.embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** Layer normalisation over the last dimension. */
  public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, 1e-8f)
        .singletonOrThrow();
  }

  /** Inverted dropout, a no-op when not training or when the rate is 0. */
  public static NDArray dropout(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0f) {
      return x;
    }
    return Dropout.dropout(x, rate, true).singletonOrThrow();
  }

  /**
   * {@code x * factor}. Never write {@code x.mul(number)} in a training graph: DJL turns the number
   * into a temporary array backed by a Java direct buffer and closes it right after the op, but
   * autograd keeps that array for the backward pass and reads it after the garbage collector has
   * freed the buffer (NaN losses, or a SIGSEGV inside PyTorch's backward). Here the factor is an
   * array in {@code x}'s manager, alive until the step scope closes.
   */
  public static NDArray scale(NDArray x, double factor) {
    return x.mul(x.getManager().create((float) factor));
  }

  /** Rectified linear unit. */
  public static NDArray relu(NDArray x) {
    return Activation.relu(x);
  }

  /**
   * Binary cross-entropy with logits for positive and negative logits, averaged over the positions
   * where {@code mask} is 1 (the positions that hold a real target): {@code softplus(-pos) +
   * softplus(neg)}.
   */
  public static NDArray sampledBce(NDArray posLogits, NDArray negLogits, NDArray mask) {
    NDArray per = Activation.softPlus(posLogits.neg()).add(Activation.softPlus(negLogits));
    return per.mul(mask).sum().div(mask.sum().maximum(1f));
  }
}
