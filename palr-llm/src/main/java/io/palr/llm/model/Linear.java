package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A bias-free linear projection {@code y = x W^T} with optional LoRA adapters kept separate from
 * the weight. This is the extension point for fine-tuning: the weight can have a gradient attached
 * (full fine-tuning) or stay frozen while adapters are trained ({@link #addAdapter}).
 *
 * <p>Not thread-safe for mutation; {@link #forward} is safe to call concurrently.
 */
public final class Linear {
  private final String name;
  private NDArray weight;
  private final List<LoraAdapter> adapters = new ArrayList<>();

  /**
   * Creates a projection.
   *
   * @param name the Hugging Face module name, e.g. {@code model.layers.0.self_attn.q_proj}
   * @param weight shape [out, in]
   */
  public Linear(String name, NDArray weight) {
    this.name = Objects.requireNonNull(name, "name");
    setWeight(weight);
  }

  /** The Hugging Face module name (without {@code .weight}). */
  public String name() {
    return name;
  }

  /** The weight, shape [out, in]. */
  public NDArray weight() {
    return weight;
  }

  /** Replaces the weight (same shape). */
  public void setWeight(NDArray weight) {
    Objects.requireNonNull(weight, "weight");
    if (weight.getShape().dimension() != 2) {
      throw new IllegalArgumentException(name + ": weight must be 2-D, got " + weight.getShape());
    }
    if (this.weight != null && !this.weight.getShape().equals(weight.getShape())) {
      throw new IllegalArgumentException(
          name + ": shape " + weight.getShape() + " differs from " + this.weight.getShape());
    }
    this.weight = weight;
  }

  /** Input width. */
  public long inFeatures() {
    return weight.getShape().get(1);
  }

  /** Output width. */
  public long outFeatures() {
    return weight.getShape().get(0);
  }

  /** The adapters applied on top of the weight, in order. */
  public List<LoraAdapter> adapters() {
    return List.copyOf(adapters);
  }

  /** Adds an adapter whose shapes must match this projection. */
  public void addAdapter(LoraAdapter adapter) {
    if (adapter.a().getShape().get(1) != inFeatures()
        || adapter.b().getShape().get(0) != outFeatures()) {
      throw new IllegalArgumentException(
          name
              + ": adapter A "
              + adapter.a().getShape()
              + " / B "
              + adapter.b().getShape()
              + " does not fit weight "
              + weight.getShape());
    }
    adapters.add(adapter);
  }

  /** Removes all adapters (their arrays stay owned by whoever created them). */
  public void clearAdapters() {
    adapters.clear();
  }

  /**
   * Folds the adapters into the weight ({@code W' = W + scale * B A}) and removes them. The merged
   * weight is a new array in the old weight's manager and the old weight is closed (weights may be
   * read-only memory-mapped files, so this never writes in place).
   */
  public void mergeAdapters() {
    if (adapters.isEmpty()) {
      return;
    }
    NDArray merged = effectiveWeight();
    weight.close();
    weight = merged;
    adapters.clear();
  }

  /** The weight with the adapters added, as a new array in the weight's manager. */
  public NDArray effectiveWeight() {
    NDArray w = weight.duplicate();
    for (LoraAdapter a : adapters) {
      try (NDArray d = a.delta();
          NDArray t = d.toType(w.getDataType(), false)) {
        w.addi(t);
      }
    }
    return w;
  }

  /**
   * {@code x W^T} plus the adapters' updates; differentiable. The result lives in {@code x}'s
   * manager and has {@code x}'s type: a weight of another type (half-precision storage on the CPU)
   * is converted for this call, and adapters of another type see {@code x} converted to theirs.
   */
  public NDArray forward(NDArray x) {
    DataType type = x.getDataType();
    NDArray w = weight;
    if (w.getDataType() != type) {
      w = ((ai.djl.pytorch.engine.PtNDArray) weight).toType(type, false);
      w.attach(x.getManager());
    }
    NDArray y = linear(x, w);
    for (LoraAdapter a : adapters) {
      NDArray xa = a.a().getDataType() == type ? x : x.toType(a.a().getDataType(), false);
      NDArray d = Ops.scale(linear(linear(xa, a.a()), a.b()), a.scale());
      y = y.add(d.getDataType() == type ? d : d.toType(type, false));
    }
    return y;
  }

  /** {@code x W^T} through the engine's fused linear op. */
  static NDArray linear(NDArray x, NDArray w) {
    return x.getNDArrayInternal().linear(x, w, null).singletonOrThrow();
  }
}
