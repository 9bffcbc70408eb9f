package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * A low-rank update of a {@link Linear} projection: {@code delta(x) = scale * (x A^T) B^T}, i.e.
 * {@code W + scale * B A} when merged (PEFT's LoRA with {@code scale = lora_alpha / r}).
 *
 * @param a the down projection, shape [r, in]
 * @param b the up projection, shape [out, r]
 * @param scale the multiplier of the update
 */
public record LoraAdapter(NDArray a, NDArray b, float scale) {
  /** Validates the shapes. */
  public LoraAdapter {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.getShape().dimension() != 2
        || b.getShape().dimension() != 2
        || a.getShape().get(0) != b.getShape().get(1)) {
      throw new IllegalArgumentException(
          "LoRA shapes must be A [r, in] and B [out, r]: " + a.getShape() + ", " + b.getShape());
    }
  }

  /** The rank r. */
  public long rank() {
    return a.getShape().get(0);
  }

  /** The dense update {@code scale * B A}, shape [out, in], in the manager of {@code b}. */
  public NDArray delta() {
    return b.matMul(a).muli(scale);
  }
}
