package io.palr.llm.finetune;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.model.RandomLlama;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.util.Random;

/**
 * Randomly initialised LLaMA models for training from scratch (the quickstart's demo model).
 * Initialisation follows transformers' LLaMA ({@code normal(0, 0.02)} for matrices, ones for norm
 * weights), with the residual output projections ({@code o_proj}, {@code down_proj}) scaled by
 * {@code 1/sqrt(2 * layers)} as in GPT-2, which keeps the residual stream's variance flat in depth.
 * Values come from a seeded {@link Random}, so the same seed gives the same model on every platform
 * and device.
 */
public final class ScratchModels {
  /** transformers' default {@code initializer_range}. */
  public static final double INIT_STD = 0.02;

  private ScratchModels() {}

  /**
   * The demo model's shape: hidden 128, 4 heads of 32, 2 layers, MLP 344, tied embeddings, BOS/EOS
   * as in {@link WordLevelTokenizer} (about 0.4M weights plus the embedding).
   *
   * @param vocabSize the tokenizer's vocabulary size
   * @param maxPositions the context length (a PALR prompt with 50 candidates is about 250
   *     word-level tokens)
   */
  public static LlamaConfig demoConfig(int vocabSize, int maxPositions) {
    return new LlamaConfig(
        128,
        344,
        2,
        4,
        4,
        32,
        vocabSize,
        maxPositions,
        1e-5,
        10000.0,
        true,
        WordLevelTokenizer.BOS,
        WordLevelTokenizer.EOS);
  }

  /**
   * A new float32 model with random weights on {@code device}.
   *
   * @param config the shape
   * @param seed the seed
   * @param device where to allocate (null: the engine's default device)
   * @return the model (owns a new base manager; close it)
   */
  public static LlamaModel random(LlamaConfig config, long seed, Device device) {
    Random random = new Random(seed);
    double residualStd = INIT_STD / Math.sqrt(2.0 * config.numLayers());
    return RandomLlama.create(
        config,
        device,
        new RandomLlama.Initializer() {
          @Override
          public NDArray matrix(NDManager m, String name, int rows, int cols) {
            boolean residual = name.endsWith("o_proj") || name.endsWith("down_proj");
            double std = residual ? residualStd : INIT_STD;
            float[] v = new float[rows * cols];
            for (int i = 0; i < v.length; i++) {
              v[i] = (float) (random.nextGaussian() * std);
            }
            return m.create(v, new Shape(rows, cols));
          }

          @Override
          public NDArray norm(NDManager m, int size) {
            return m.ones(new Shape(size));
          }
        });
  }
}
