package io.palr.llm.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds models with random weights of a given shape, for tests and benchmarks (deterministic for a seed). */
public final class RandomLlama {
  private RandomLlama() {}

  /**
   * A float32 model with weights ~ N(0, 0.02) (norm weights around 1) on {@code device}.
   *
   * @param config the shape
   * @param device where to allocate
   * @param seed the random seed
   */
  public static LlamaModel create(LlamaConfig config, Device device, long seed) {
    NDManager m = NDManager.newBaseManager(device, "PyTorch");
    SplittableRandom r = new SplittableRandom(seed);
    int d = config.hiddenSize();
    int q = config.numHeads() * config.headDim();
    int kv = config.numKvHeads() * config.headDim();
    int ff = config.intermediateSize();
    List<LlamaLayer> layers = new ArrayList<>();
    for (int i = 0; i < config.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      layers.add(new LlamaLayer(norm(m, r, d),
          new Linear(p + "self_attn.q_proj", gaussian(m, r, q, d)),
          new Linear(p + "self_attn.k_proj", gaussian(m, r, kv, d)),
          new Linear(p + "self_attn.v_proj", gaussian(m, r, kv, d)),
          new Linear(p + "self_attn.o_proj", gaussian(m, r, d, q)),
          norm(m, r, d),
          new Linear(p + "mlp.gate_proj", gaussian(m, r, ff, d)),
          new Linear(p + "mlp.up_proj", gaussian(m, r, ff, d)),
          new Linear(p + "mlp.down_proj", gaussian(m, r, d, ff))));
    }
    NDArray embed = gaussian(m, r, config.vocabSize(), d);
    NDArray head = config.tieWordEmbeddings() ? null : gaussian(m, r, config.vocabSize(), d);
    return new LlamaModel(config, m, embed, layers, norm(m, r, d), head);
  }

  private static NDArray gaussian(NDManager m, SplittableRandom r, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (gauss(r) * 0.02);
    }
    return m.create(v, new Shape(rows, cols));
  }

  private static NDArray norm(NDManager m, SplittableRandom r, int d) {
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) (1 + 0.1 * gauss(r));
    }
    return m.create(v, new Shape(d));
  }

  private static double gauss(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
