package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A LLaMA-architecture causal language model whose weights are DJL {@link NDArray}s in Hugging Face
 * layout and naming.
 *
 * <p>{@link #forward} is the full-sequence forward (causal mask, optional padding mask, no cache)
 * written with differentiable NDArray ops, so a trainer can attach gradients to {@link
 * #namedParameters()} (full fine-tuning) or add {@link LoraAdapter}s to the {@link Linear}
 * projections and train only those. Fast generation with a key/value cache goes through an {@link
 * InferenceModel} built from this model.
 *
 * <p>Owns the manager holding its weights; {@link #close()} frees them. Not thread-safe for
 * mutation; concurrent {@link #forward} calls are safe when nothing mutates the weights.
 */
public final class LlamaModel implements AutoCloseable {
  private final LlamaConfig config;
  private final NDManager manager;
  private final NDArray embedding;
  private final List<LlamaLayer> layers;
  private final NDArray finalNorm;
  private final Linear lmHead;
  private NDArray ropeTable;
  private NDArray rotateHalf;
  private volatile boolean readOnlyWeights;

  /**
   * Assembles a model from weights; prefer {@link io.palr.llm.load.LlamaModels#load}.
   *
   * @param config the shape
   * @param manager the manager that owns all weights (closed with the model)
   * @param embedding [vocab, hidden]
   * @param layers the blocks
   * @param finalNorm [hidden]
   * @param lmHead the output projection, or null for tied embeddings
   */
  public LlamaModel(
      LlamaConfig config,
      NDManager manager,
      NDArray embedding,
      List<LlamaLayer> layers,
      NDArray finalNorm,
      NDArray lmHead) {
    this.config = Objects.requireNonNull(config, "config");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.embedding = embedding;
    this.layers = List.copyOf(layers);
    this.finalNorm = finalNorm;
    this.lmHead = new Linear("lm_head", lmHead == null ? embedding : lmHead);
    if (this.layers.size() != config.numLayers()) {
      throw new IllegalArgumentException(
          "config has " + config.numLayers() + " layers, got " + this.layers.size());
    }
  }

  /** The shape. */
  public LlamaConfig config() {
    return config;
  }

  /**
   * The manager that owns the weights; create trainable arrays (e.g. LoRA matrices) in a
   * sub-manager of it.
   */
  public NDManager manager() {
    return manager;
  }

  /** The token embedding, [vocab, hidden]. */
  public NDArray embedding() {
    return embedding;
  }

  /** The blocks. */
  public List<LlamaLayer> layers() {
    return layers;
  }

  /** The final RMSNorm weight, [hidden]. */
  public NDArray finalNorm() {
    return finalNorm;
  }

  /** The output projection (its weight is {@link #embedding()} when embeddings are tied). */
  public Linear lmHead() {
    return lmHead;
  }

  /**
   * Whether some weights may be read-only memory (mapped zero-copy from the checkpoint file). Such
   * weights must never be written in place: writing to a read-only mapping kills the JVM.
   */
  public boolean hasReadOnlyWeights() {
    return readOnlyWeights;
  }

  /**
   * Records that some weights are read-only mapped memory (called by loaders that map weights
   * zero-copy).
   */
  public void markReadOnlyWeights() {
    readOnlyWeights = true;
  }

  /** The weights' element type. */
  public DataType dataType() {
    return embedding.getDataType();
  }

  /**
   * The type {@link #forward} computes in: the weights' type on a GPU, float32 on the CPU
   * (half-precision weights are upcast one projection at a time there, since PyTorch's CPU half
   * kernels are slow or missing).
   */
  public DataType computeType() {
    return manager.getDevice().isGpu() ? dataType() : DataType.FLOAT32;
  }

  /**
   * All weights by Hugging Face tensor name ({@code model.layers.0.self_attn.q_proj.weight}, ...).
   * A tied output head is not listed separately.
   */
  public Map<String, NDArray> namedParameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("model.embed_tokens.weight", embedding);
    for (int i = 0; i < layers.size(); i++) {
      LlamaLayer l = layers.get(i);
      String p = "model.layers." + i + ".";
      out.put(p + "input_layernorm.weight", l.inputNorm());
      out.put(p + "post_attention_layernorm.weight", l.postAttentionNorm());
      for (Linear lin : l.linears()) {
        out.put(lin.name() + ".weight", lin.weight());
      }
    }
    out.put("model.norm.weight", finalNorm);
    if (lmHead.weight() != embedding) {
      out.put("lm_head.weight", lmHead.weight());
    }
    return out;
  }

  /** Every projection, including the output head, keyed by module name (for attaching adapters). */
  public Map<String, Linear> linears() {
    Map<String, Linear> out = new LinkedHashMap<>();
    for (LlamaLayer l : layers) {
      for (Linear lin : l.linears()) {
        out.put(lin.name(), lin);
      }
    }
    out.put(lmHead.name(), lmHead);
    return out;
  }

  /** Whether any projection carries an unmerged adapter. */
  public boolean hasAdapters() {
    return linears().values().stream().anyMatch(l -> !l.adapters().isEmpty());
  }

  /** Folds all adapters into the weights. */
  public void mergeAdapters() {
    linears().values().forEach(Linear::mergeAdapters);
  }

  /**
   * The full-sequence forward with a causal mask: logits for every position, differentiable.
   *
   * @param tokens [B, T] integer token ids; results are created in its manager
   * @param attentionMask null, or [B, T] with 1 for real tokens and 0 for padding (left or right);
   *     positions count only real tokens, and no real token attends to padding
   * @return float logits [B, T, vocab] in {@link #computeType()}
   */
  public NDArray forward(NDArray tokens, NDArray attentionMask) {
    Shape shape = tokens.getShape();
    if (shape.dimension() != 2) {
      throw new IllegalArgumentException("tokens must be [batch, time], got " + shape);
    }
    int b = (int) shape.get(0);
    int t = (int) shape.get(1);
    if (t > config.maxPositions()) {
      throw new IllegalArgumentException(
          t + " tokens exceed the context of " + config.maxPositions());
    }
    NDManager m = tokens.getManager();
    int[] pad = new int[b];
    int[][] positions = new int[b][t];
    float[] mask;
    if (attentionMask == null) {
      for (int r = 0; r < b; r++) {
        for (int i = 0; i < t; i++) {
          positions[r][i] = i;
        }
      }
      mask = Ops.causalPaddingMask(pad, 0, t, t);
    } else {
      int[] am = attentionMask.toType(DataType.INT32, false).toIntArray();
      mask = new float[b * t * t];
      for (int r = 0; r < b; r++) {
        int p = 0;
        for (int i = 0; i < t; i++) {
          positions[r][i] = Math.max(0, p + am[r * t + i] - 1);
          p += am[r * t + i];
          for (int j = 0; j < t; j++) {
            boolean ok = j == i || (j < i && am[r * t + j] != 0);
            mask[(r * t + i) * t + j] = ok ? 0f : Float.NEGATIVE_INFINITY;
          }
        }
      }
    }
    DataType type = computeType();
    NDArray maskArr = m.create(mask, new Shape(b, 1, 1, t, t)).toType(type, false);
    NDArray pos = m.create(positions);
    NDArray cs = Ops.embedding(pos, ropeTable()).reshape(b, 1, t, 2, config.headDim());
    NDArray cos = cs.get(":, :, :, 0, :");
    NDArray sin = cs.get(":, :, :, 1, :");
    NDArray rot = rotateHalf();
    int hd = config.headDim();
    float scale = (float) (1.0 / Math.sqrt(hd));
    NDArray x = Ops.embedding(tokens, embedding);
    if (x.getDataType() != type) {
      x = x.toType(type, false);
    }
    for (LlamaLayer l : layers) {
      NDArray h = Ops.rmsNormalize(x, config.rmsNormEps()).mul(l.inputNorm());
      NDArray q = l.q().forward(h).reshape(b, t, config.numHeads(), hd).transpose(0, 2, 1, 3);
      NDArray k = l.k().forward(h).reshape(b, t, config.numKvHeads(), hd).transpose(0, 2, 1, 3);
      NDArray v = l.v().forward(h).reshape(b, t, config.numKvHeads(), hd).transpose(0, 2, 1, 3);
      q = Ops.scale(q.mul(cos).add(q.matMul(rot).mul(sin)), scale);
      k = k.mul(cos).add(k.matMul(rot).mul(sin));
      NDArray a = Ops.attend(q, k, v, maskArr, config).transpose(0, 2, 1, 3).reshape(b, t, -1);
      x = x.add(l.o().forward(a));
      NDArray h2 = Ops.rmsNormalize(x, config.rmsNormEps()).mul(l.postAttentionNorm());
      x = x.add(l.down().forward(Ops.silu(l.gate().forward(h2)).mul(l.up().forward(h2))));
    }
    return lmHead.forward(Ops.rmsNormalize(x, config.rmsNormEps()).mul(finalNorm));
  }

  private synchronized NDArray ropeTable() {
    if (ropeTable == null) {
      float[] t = Rope.table(config.maxPositions(), config.headDim(), config.ropeTheta());
      ropeTable =
          manager
              .create(t, new Shape(config.maxPositions(), 2L * config.headDim()))
              .toType(computeType(), false);
    }
    return ropeTable;
  }

  private synchronized NDArray rotateHalf() {
    if (rotateHalf == null) {
      int hd = config.headDim();
      rotateHalf =
          manager.create(Rope.rotateHalfMatrix(hd), new Shape(hd, hd)).toType(computeType(), false);
    }
    return rotateHalf;
  }

  /** Frees all weights. */
  @Override
  public void close() {
    manager.close();
  }
}
