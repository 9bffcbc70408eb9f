package io.palr.llm.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds LLaMA models with random weights of a given shape. The skeleton (which matrices, in which
 * order) is built here once; how values are drawn is an {@link Initializer}: {@link
 * #create(LlamaConfig, Device, long)} gives the test/benchmark weights, {@code
 * io.palr.llm.finetune.ScratchModels} the training initialisation.
 */
public final class RandomLlama {
  private RandomLlama() {}

  /**
   * How a random model's weights are drawn. Called in a fixed order: the embedding, then per layer
   * the input norm, q, k, v, o, the post-attention norm, gate, up, down; then the untied head (if
   * any) and the final norm.
   */
  public interface Initializer {
    /**
     * A (rows, cols) weight matrix.
     *
     * @param m the model's manager (allocate the result here)
     * @param name the weight's Hugging Face name, e.g. {@code model.layers.0.self_attn.o_proj}
     * @param rows output size
     * @param cols input size
     */
    NDArray matrix(NDManager m, String name, int rows, int cols);

    /**
     * An RMSNorm weight vector of {@code size}.
     *
     * @param m the model's manager (allocate the result here)
     * @param size the hidden size
     */
    NDArray norm(NDManager m, int size);
  }

  /**
   * A float32 model with weights ~ N(0, 0.02) and norm weights ~ 1 + N(0, 0.1) (perturbed so that
   * tests notice a norm that is skipped) on {@code device}; deterministic for a seed.
   *
   * @param config the shape
   * @param device where to allocate
   * @param seed the random seed
   */
  public static LlamaModel create(LlamaConfig config, Device device, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return create(
        config,
        device,
        new Initializer() {
          @Override
          public NDArray matrix(NDManager m, String name, int rows, int cols) {
            float[] v = new float[rows * cols];
            for (int i = 0; i < v.length; i++) {
              v[i] = (float) (gauss(r) * 0.02);
            }
            return m.create(v, new Shape(rows, cols));
          }

          @Override
          public NDArray norm(NDManager m, int size) {
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
              v[i] = (float) (1 + 0.1 * gauss(r));
            }
            return m.create(v, new Shape(size));
          }
        });
  }

  /**
   * A model of {@code config}'s shape with weights from {@code init}, in a new base manager on
   * {@code device}.
   *
   * @param config the shape
   * @param device where to allocate (null: the engine's default device)
   * @param init draws the weights
   * @return the model (owns its manager; close it)
   */
  public static LlamaModel create(LlamaConfig config, Device device, Initializer init) {
    NDManager m = NDManager.newBaseManager(device, "PyTorch");
    try {
      int d = config.hiddenSize();
      int q = config.numHeads() * config.headDim();
      int kv = config.numKvHeads() * config.headDim();
      int ff = config.intermediateSize();
      NDArray embed = init.matrix(m, "model.embed_tokens", config.vocabSize(), d);
      List<LlamaLayer> layers = new ArrayList<>();
      for (int i = 0; i < config.numLayers(); i++) {
        String p = "model.layers." + i + ".";
        NDArray inputNorm = init.norm(m, d);
        Linear wq =
            new Linear(p + "self_attn.q_proj", init.matrix(m, p + "self_attn.q_proj", q, d));
        Linear wk =
            new Linear(p + "self_attn.k_proj", init.matrix(m, p + "self_attn.k_proj", kv, d));
        Linear wv =
            new Linear(p + "self_attn.v_proj", init.matrix(m, p + "self_attn.v_proj", kv, d));
        Linear wo =
            new Linear(p + "self_attn.o_proj", init.matrix(m, p + "self_attn.o_proj", d, q));
        NDArray postNorm = init.norm(m, d);
        Linear gate = new Linear(p + "mlp.gate_proj", init.matrix(m, p + "mlp.gate_proj", ff, d));
        Linear up = new Linear(p + "mlp.up_proj", init.matrix(m, p + "mlp.up_proj", ff, d));
        Linear down = new Linear(p + "mlp.down_proj", init.matrix(m, p + "mlp.down_proj", d, ff));
        layers.add(new LlamaLayer(inputNorm, wq, wk, wv, wo, postNorm, gate, up, down));
      }
      NDArray head =
          config.tieWordEmbeddings() ? null : init.matrix(m, "lm_head", config.vocabSize(), d);
      return new LlamaModel(config, m, embed, layers, init.norm(m, d), head);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private static double gauss(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
