package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The fast, cached forward of a {@link LlamaModel}: prefill and incremental decoding over a {@link
 * KvCache}. For small models the cost of a decode step is the number of native calls, not
 * arithmetic, so weights are re-packed once to minimise calls per block:
 *
 * <ul>
 *   <li>one fused projection producing {@code [q, k, rotate_half(q), rotate_half(k), v]}, with the
 *       RMSNorm weight folded into its columns and {@code 1/sqrt(headDim)} into the query rows, so
 *       RoPE is {@code sum([q,k] * cos, [rot q, rot k] * sin)};
 *   <li>one fused gate/up projection with the post-attention norm folded in, the output head with
 *       the final norm;
 *   <li>residual additions done by the projections' bias argument ({@code x + a W^T} in one call);
 *   <li>keys cached transposed, written and read with direct slice calls;
 *   <li>for hidden sizes up to {@value #MIRROR_MAX_HIDDEN} ("mirrored" mode) the residual stream is
 *       kept as {@code [x, -x]}, whose layer norm is exactly RMSNorm of {@code x}: one call instead
 *       of five, at the price of twice the matmul work (input weights get zero columns, output
 *       weights negated rows). Larger models use the plain five-call RMSNorm, computed in float32
 *       for half-precision weights.
 * </ul>
 *
 * <p>LoRA adapters present on the model are folded into the packed weights ({@link
 * Linear#effectiveWeight()}); the model is not changed. Changing the model's weights later needs a
 * new {@code InferenceModel}. Packed weights are copies (the embedding too in mirrored mode): the
 * model plus this object hold about twice the block weights.
 *
 * <p>Stateless between calls (state lives in the {@link KvCache}); concurrent calls with different
 * caches are safe.
 */
public final class InferenceModel implements AutoCloseable {
  /** Largest hidden size that uses the mirrored residual stream. */
  public static final int MIRROR_MAX_HIDDEN = 1024;

  private final LlamaConfig config;
  private final NDManager manager;
  private final DataType type;
  private final boolean mirrored;
  private final NDArray embedding;
  private final NDArray[] qkv;
  private final NDArray[] out;
  private final NDArray[] gateUp;
  private final NDArray[] down;
  private final NDArray lmHead;
  private final NDArray ropeTable;
  private final NDArray normOnes;
  private final NDArray normZeros;

  /**
   * Packs the weights of {@code model} (which must stay open while this is used).
   *
   * @param model the model
   * @param type FLOAT32, or FLOAT16 (for GPUs)
   */
  public InferenceModel(LlamaModel model, DataType type) {
    this(model, type, model.config().hiddenSize() <= MIRROR_MAX_HIDDEN);
  }

  /**
   * Packs the weights of {@code model}, choosing the residual layout explicitly.
   *
   * @param model the model
   * @param type FLOAT32, or FLOAT16 (for GPUs)
   * @param mirrored whether to keep the residual stream as {@code [x, -x]} (fewer calls, twice the
   *     matmul work)
   */
  public InferenceModel(LlamaModel model, DataType type, boolean mirrored) {
    this.config = model.config();
    this.type = type;
    this.mirrored = mirrored;
    this.manager = model.manager().newSubManager();
    int layersN = config.numLayers();
    qkv = new NDArray[layersN];
    out = new NDArray[layersN];
    gateUp = new NDArray[layersN];
    down = new NDArray[layersN];
    float scale = (float) (1.0 / Math.sqrt(config.headDim()));
    for (int i = 0; i < layersN; i++) {
      LlamaLayer l = model.layers().get(i);
      try (NDManager tmp = manager.newSubManager()) {
        NDArray q = effective(l.q(), tmp).mul(scale);
        NDArray k = effective(l.k(), tmp);
        NDArray fused =
            NDArrays.concat(
                new NDList(
                    q,
                    k,
                    rotateRows(q, config.numHeads()),
                    rotateRows(k, config.numKvHeads()),
                    effective(l.v(), tmp)),
                0);
        qkv[i] = keep(input(fused, l.inputNorm(), tmp));
        out[i] = keep(output(effective(l.o(), tmp)));
        NDArray gu =
            NDArrays.concat(new NDList(effective(l.gate(), tmp), effective(l.up(), tmp)), 0);
        gateUp[i] = keep(input(gu, l.postAttentionNorm(), tmp));
        down[i] = keep(output(effective(l.down(), tmp)));
      }
    }
    try (NDManager tmp = manager.newSubManager()) {
      lmHead = keep(input(effective(model.lmHead(), tmp), model.finalNorm(), tmp));
      NDArray e = model.embedding().get(tmp, new NDIndex());
      embedding = keep(mirrored ? NDArrays.concat(new NDList(e, e.neg()), 1) : e);
    }
    float[] t = Rope.table(config.maxPositions(), config.headDim(), config.ropeTheta());
    ropeTable =
        manager
            .create(t, new Shape(config.maxPositions(), 2L * config.headDim()))
            .toType(type, false);
    int width = mirrored ? 2 * config.hiddenSize() : config.hiddenSize();
    normOnes = manager.ones(new Shape(width), type);
    normZeros = manager.zeros(new Shape(width), type);
  }

  private static NDArray effective(Linear lin, NDManager tmp) {
    NDArray w = lin.effectiveWeight();
    w.attach(tmp);
    return w;
  }

  /**
   * A projection reading the (normalized) residual stream: norm weight folded in, zero columns when
   * mirrored.
   */
  private NDArray input(NDArray w, NDArray normWeight, NDManager tmp) {
    NDArray folded = w.mul(normWeight.get(tmp, new NDIndex()).reshape(1, config.hiddenSize()));
    return mirrored ? NDArrays.concat(new NDList(folded, folded.zerosLike()), 1) : folded;
  }

  /** A projection writing into the residual stream: negated copy of the rows when mirrored. */
  private NDArray output(NDArray w) {
    return mirrored ? NDArrays.concat(new NDList(w, w.neg()), 0) : w;
  }

  private NDArray keep(NDArray a) {
    NDArray c = a.toType(type, false);
    c.attach(manager);
    return c;
  }

  /**
   * Rows of a [heads*hd, in] projection rearranged so that its output is {@code rotate_half} of the
   * original's.
   */
  private NDArray rotateRows(NDArray w, int heads) {
    int hd = config.headDim();
    NDList halves = w.reshape(heads, 2, hd / 2, w.getShape().get(1)).split(2, 1);
    return NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), 1).reshape(w.getShape());
  }

  /**
   * A fresh manager for one call's temporary arrays, on the weights' device; close it when done.
   */
  public NDManager newStepManager() {
    return manager.newSubManager();
  }

  /** The shape. */
  public LlamaConfig config() {
    return config;
  }

  /** The compute type. */
  public DataType dataType() {
    return type;
  }

  /** Whether the residual stream is mirrored (small models; see the class documentation). */
  public boolean mirrored() {
    return mirrored;
  }

  /**
   * A new cache for {@code pad.length} rows with the given left padding.
   *
   * @param pad left padding per row
   * @param capacity slots
   */
  public KvCache newCache(int[] pad, int capacity) {
    return new KvCache(manager, config, type, pad, capacity);
  }

  /**
   * A cache of {@code rows} rows, each a copy of row {@code row} of {@code source} (its filled
   * slots).
   */
  public KvCache broadcast(KvCache source, int row, int rows, int capacity) {
    return source.broadcastRow(row, rows, capacity, config);
  }

  private PtNDArray norm(PtNDArray x) {
    if (mirrored) {
      return JniUtils.layerNorm(
          x, normOnes.getShape(), (PtNDArray) normOnes, (PtNDArray) normZeros, config.rmsNormEps());
    }
    return (PtNDArray) Ops.rmsNormalize(x, config.rmsNormEps());
  }

  /** {@code x W^T + residual} in one call (residual may be null). */
  private static PtNDArray linear(PtNDArray x, NDArray w, PtNDArray residual) {
    return JniUtils.linear(x, (PtNDArray) w, residual);
  }

  private static PtNDArray linear(PtNDArray x, NDArray w) {
    return JniUtils.linear(x, (PtNDArray) w, null);
  }

  /**
   * Runs {@code t} new tokens per row through the model, appending their keys/values to the cache.
   *
   * @param step the manager for this call's arrays (close it after reading the logits)
   * @param tokens row-major [B, t] token ids
   * @param t tokens per row
   * @param cache the cache (its batch size is B)
   * @param allPositions whether to return logits for all {@code t} positions or only the last
   * @return float32 logits [B, t, vocab] or [B, vocab], in {@code step}
   * @throws IllegalArgumentException if the cache or the context would overflow
   */
  public NDArray forward(NDManager step, int[] tokens, int t, KvCache cache, boolean allPositions) {
    int b = cache.batchSize();
    int s0 = cache.length();
    int s = s0 + t;
    if (tokens.length != b * t || t < 1) {
      throw new IllegalArgumentException(
          "expected " + b + " x " + t + " tokens, got " + tokens.length);
    }
    if (s > cache.capacity()) {
      throw new IllegalArgumentException(
          "cache of " + cache.capacity() + " slots cannot take " + t + " more after " + s0);
    }
    int vocab = config.vocabSize();
    int[] pos = new int[b * t];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        int p = s0 + i - cache.pad(r);
        if (p >= config.maxPositions()) {
          throw new IllegalArgumentException(
              "position " + p + " exceeds the context length " + config.maxPositions());
        }
        pos[r * t + i] = Math.max(0, p);
      }
      for (int i = 0; i < t; i++) {
        int id = tokens[r * t + i];
        if (id < 0 || id >= vocab) {
          throw new IllegalArgumentException(
              "token id " + id + " outside the vocabulary of " + vocab);
        }
      }
    }
    int hd = config.headDim();
    int nh = config.numHeads();
    int nkv = config.numKvHeads();
    int g = config.groupSize();
    PtNDManager pm = (PtNDManager) step;
    NDArray cs =
        Ops.embedding(step.create(pos, new Shape(b, t)), ropeTable).reshape(b, t, 2, 1, hd);
    NDArray mask;
    if (t > 1) {
      mask =
          step.create(Ops.causalPaddingMask(cache.padding(), s0, t, s), new Shape(b, 1, 1, t, s))
              .toType(type, false);
    } else if (cache.hasPadding()) {
      mask =
          JniUtils.index(
              (PtNDArray) cache.padMask(),
              new long[] {0, 0, 0, 0},
              new long[] {b, 1, 1, s},
              new long[] {1, 1, 1, 1},
              pm);
    } else {
      mask = null;
    }
    long[] ones = {1, 1, 1, 1};
    long[] zeros = {0, 0, 0, 0};
    long qkWidth = 2L * (nh + nkv) * hd;
    long gt = (long) g * t;
    long width = (long) nh * hd;
    long[] qkShape = {b, t, 2, nh + nkv, hd};
    long[] sumAxis = {2};
    long[] qkSplit = {nh, nkv};
    long[] ffSplit = {config.intermediateSize(), config.intermediateSize()};
    long[] qkvSplit = {qkWidth, (long) nkv * hd};
    long[] keyMax = {b, nkv, hd, s};
    long[] valMax = {b, nkv, s, hd};
    long[] keyMin = {0, 0, 0, s0};
    long[] valMin = {0, 0, s0, 0};
    PtNDArray x = (PtNDArray) Ops.embedding(step.create(tokens, new Shape(b, t)), embedding);
    PtNDArray csp = (PtNDArray) cs;
    for (int l = 0; l < qkv.length; l++) {
      NDList parts = JniUtils.split(linear(norm(x), qkv[l]), qkvSplit, 2);
      PtNDArray qkr = JniUtils.reshape((PtNDArray) parts.get(0), qkShape);
      NDList qk = JniUtils.split(JniUtils.sum(JniUtils.mul(qkr, csp), sumAxis, false), qkSplit, 2);
      PtNDArray q;
      PtNDArray kT;
      PtNDArray v;
      if (t == 1) {
        q = JniUtils.reshape((PtNDArray) qk.get(0), new long[] {b, nkv, g, hd});
        kT = JniUtils.reshape((PtNDArray) qk.get(1), new long[] {b, nkv, hd, 1});
        v = JniUtils.reshape((PtNDArray) parts.get(1), new long[] {b, nkv, 1, hd});
      } else {
        q =
            JniUtils.reshape(
                JniUtils.permute((PtNDArray) qk.get(0), new long[] {0, 2, 1, 3}),
                new long[] {b, nkv, gt, hd});
        kT = JniUtils.permute((PtNDArray) qk.get(1), new long[] {0, 2, 3, 1});
        v =
            JniUtils.permute(
                JniUtils.reshape((PtNDArray) parts.get(1), new long[] {b, t, nkv, hd}),
                new long[] {0, 2, 1, 3});
      }
      PtNDArray keys = (PtNDArray) cache.keys(l);
      PtNDArray values = (PtNDArray) cache.values(l);
      JniUtils.indexSet(keys, kT, keyMin, keyMax, ones);
      JniUtils.indexSet(values, v, valMin, valMax, ones);
      PtNDArray scores = JniUtils.matmul(q, JniUtils.index(keys, zeros, keyMax, ones, pm));
      if (mask != null) {
        scores =
            t == 1
                ? JniUtils.add(scores, (PtNDArray) mask)
                : JniUtils.reshape(
                    JniUtils.add(
                        JniUtils.reshape(scores, new long[] {b, nkv, g, t, s}), (PtNDArray) mask),
                    new long[] {b, nkv, gt, s});
      }
      PtNDArray a =
          JniUtils.matmul(
              JniUtils.softmax(scores, 3, type), JniUtils.index(values, zeros, valMax, ones, pm));
      a =
          t == 1
              ? JniUtils.reshape(a, new long[] {b, 1, width})
              : JniUtils.reshape(
                  JniUtils.permute(
                      JniUtils.reshape(a, new long[] {b, nh, t, hd}), new long[] {0, 2, 1, 3}),
                  new long[] {b, t, width});
      x = linear(a, out[l], x);
      NDList gu = JniUtils.split(linear(norm(x), gateUp[l]), ffSplit, 2);
      PtNDArray gate = (PtNDArray) gu.get(0);
      x =
          linear(
              JniUtils.mul(JniUtils.mul(gate, JniUtils.sigmoid(gate)), (PtNDArray) gu.get(1)),
              down[l],
              x);
    }
    cache.advance(t);
    if (!allPositions && t > 1) {
      x = (PtNDArray) x.get(new NDIndex().addAllDim().addSliceDim(t - 1, t));
    }
    NDArray logits = linear(norm(x), lmHead);
    if (logits.getDataType() != DataType.FLOAT32) {
      logits = logits.toType(DataType.FLOAT32, false);
    }
    return allPositions ? logits : logits.reshape(b, vocab);
  }

  /**
   * Prompt tokens per forward in {@link #prefill}: bounds attention memory and keeps allocations
   * cache-friendly.
   */
  public static final int PREFILL_CHUNK = 128;

  /**
   * Runs a prompt through the model in chunks of {@link #PREFILL_CHUNK} positions and returns the
   * logits of its last position (measured: a 1,000-token prompt costs 2-10x less CPU than one
   * forward over all of it).
   *
   * @param step the manager for the result (close it after reading)
   * @param tokens row-major [B, t] token ids
   * @param t tokens per row
   * @param cache the cache (its batch size is B)
   * @return float32 logits [B, vocab], in {@code step}
   */
  public NDArray prefill(NDManager step, int[] tokens, int t, KvCache cache) {
    int b = cache.batchSize();
    if (tokens.length != b * t || t < 1) {
      throw new IllegalArgumentException(
          "expected " + b + " x " + t + " tokens, got " + tokens.length);
    }
    if (t <= PREFILL_CHUNK) {
      return forward(step, tokens, t, cache, false);
    }
    for (int start = 0; ; start += PREFILL_CHUNK) {
      int n = Math.min(PREFILL_CHUNK, t - start);
      int[] chunk = new int[b * n];
      for (int r = 0; r < b; r++) {
        System.arraycopy(tokens, r * t + start, chunk, r * n, n);
      }
      if (start + n == t) {
        return forward(step, chunk, n, cache, false);
      }
      try (NDManager tmp = manager.newSubManager()) {
        forward(tmp, chunk, n, cache, false);
      }
    }
  }

  /** Frees the packed weights (not the model). */
  @Override
  public void close() {
    manager.close();
  }
}
