package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The fast, cached forward of a {@link LlamaModel}: prefill and incremental decoding over a {@link KvCache}, with the
 * per-step work reduced to a few large native calls. Weights are re-packed once at construction:
 *
 * <ul>
 *   <li>one fused projection per block producing {@code [q, k, rotate_half(q), rotate_half(k), v]}, with the RMSNorm
 *       weight folded into its columns and {@code 1/sqrt(headDim)} folded into the query rows, so RoPE becomes
 *       {@code sum([q,k] * cos, [rot q, rot k] * sin)};
 *   <li>one fused gate/up projection with the post-attention norm folded in;
 *   <li>the output head with the final norm folded in.
 * </ul>
 *
 * <p>LoRA adapters present on the model are folded into these packed weights ({@link Linear#effectiveWeight()}); the
 * model itself is not changed. Changing the model's weights later needs a new {@code InferenceModel}. The packed
 * weights are copies: peak memory is about twice the block weights while both exist.
 *
 * <p>Stateless between calls (state lives in the {@link KvCache}); concurrent calls with different caches are safe.
 */
public final class InferenceModel implements AutoCloseable {
  private final LlamaConfig config;
  private final NDManager manager;
  private final DataType type;
  private final NDArray embedding;
  private final NDArray[] qkv;
  private final NDArray[] out;
  private final NDArray[] gateUp;
  private final NDArray[] down;
  private final NDArray lmHead;
  private final NDArray ropeTable;

  /**
   * Packs the weights of {@code model} (which must stay open while this is used).
   *
   * @param model the model
   * @param type FLOAT32, or FLOAT16 (for GPUs)
   */
  public InferenceModel(LlamaModel model, DataType type) {
    this.config = model.config();
    this.type = type;
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
        NDArray norm = l.inputNorm().get(tmp, new NDIndex()).reshape(1, config.hiddenSize());
        NDArray q = effective(l.q(), tmp).mul(scale);
        NDArray k = effective(l.k(), tmp);
        NDArray fused = NDArrays.concat(new NDList(q, k, rotateRows(q, config.numHeads()),
            rotateRows(k, config.numKvHeads()), effective(l.v(), tmp)), 0).mul(norm);
        qkv[i] = keep(fused);
        out[i] = keep(effective(l.o(), tmp));
        NDArray norm2 = l.postAttentionNorm().get(tmp, new NDIndex()).reshape(1, config.hiddenSize());
        gateUp[i] = keep(NDArrays.concat(new NDList(effective(l.gate(), tmp), effective(l.up(), tmp)), 0).mul(norm2));
        down[i] = keep(effective(l.down(), tmp));
      }
    }
    try (NDManager tmp = manager.newSubManager()) {
      NDArray norm = model.finalNorm().get(tmp, new NDIndex()).reshape(1, config.hiddenSize());
      lmHead = keep(effective(model.lmHead(), tmp).mul(norm));
      embedding = keep(model.embedding().get(tmp, new NDIndex()));
    }
    float[] t = Rope.table(config.maxPositions(), config.headDim(), config.ropeTheta());
    ropeTable = manager.create(t, new Shape(config.maxPositions(), 2L * config.headDim())).toType(type, false);
  }

  private static NDArray effective(Linear lin, NDManager tmp) {
    NDArray w = lin.effectiveWeight();
    w.attach(tmp);
    return w;
  }

  private NDArray keep(NDArray a) {
    NDArray c = a.toType(type, false);
    c.attach(manager);
    return c;
  }

  /** Rows of a [heads*hd, in] projection rearranged so that its output is {@code rotate_half} of the original's. */
  private NDArray rotateRows(NDArray w, int heads) {
    int hd = config.headDim();
    NDList halves = w.reshape(heads, 2, hd / 2, w.getShape().get(1)).split(2, 1);
    return NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), 1).reshape(w.getShape());
  }

  /** A fresh manager for one call's temporary arrays, on the weights' device; close it when done. */
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

  /**
   * A new cache for {@code pad.length} rows with the given left padding.
   *
   * @param pad left padding per row
   * @param capacity slots, at most {@code maxPositions + max(pad)}
   */
  public KvCache newCache(int[] pad, int capacity) {
    return new KvCache(manager, config, type, pad, capacity);
  }

  /**
   * A cache of {@code rows} rows, each a copy of row {@code row} of {@code source} (its filled slots).
   */
  public KvCache broadcast(KvCache source, int row, int rows, int capacity) {
    return source.broadcastRow(row, rows, capacity, config);
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
    if (tokens.length != b * t) {
      throw new IllegalArgumentException("expected " + b + " x " + t + " tokens, got " + tokens.length);
    }
    if (s > cache.capacity()) {
      throw new IllegalArgumentException("cache of " + cache.capacity() + " slots cannot take " + t + " more after "
          + s0);
    }
    int[] pos = new int[b * t];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        int p = s0 + i - cache.pad(r);
        if (p >= config.maxPositions()) {
          throw new IllegalArgumentException("position " + p + " exceeds the context length " + config.maxPositions());
        }
        pos[r * t + i] = Math.max(0, p);
      }
    }
    int hd = config.headDim();
    int nh = config.numHeads();
    int nkv = config.numKvHeads();
    int d = config.hiddenSize();
    NDArray tok = step.create(tokens, new Shape(b, t));
    NDArray cs = Ops.embedding(step.create(pos, new Shape(b, t)), ropeTable).reshape(b, t, 2, 1, hd);
    NDArray mask;
    if (t > 1) {
      mask = step.create(Ops.causalPaddingMask(cache.padding(), s0, t, s), new Shape(b, 1, 1, t, s)).toType(type, false);
    } else if (cache.hasPadding()) {
      mask = cache.padMask().get(step, new NDIndex().addAllDim(4).addSliceDim(0, s));
    } else {
      mask = null;
    }
    NDIndex write = new NDIndex().addAllDim().addAllDim().addSliceDim(s0, s);
    NDIndex read = new NDIndex().addAllDim().addAllDim().addSliceDim(0, s);
    long qkWidth = 2L * (nh + nkv) * hd;
    NDArray x = Ops.embedding(tok, embedding);
    for (int l = 0; l < qkv.length; l++) {
      NDList parts = Linear.linear(Ops.rmsNormalize(x, config.rmsNormEps()), qkv[l]).split(new long[] {qkWidth}, 2);
      NDList qk = parts.get(0).reshape(b, t, 2, nh + nkv, hd).mul(cs).sum(new int[] {2}).split(new long[] {nh}, 2);
      NDArray q;
      NDArray k;
      NDArray v;
      if (t == 1) {
        q = qk.get(0).reshape(b, nh, 1, hd);
        k = qk.get(1).reshape(b, nkv, 1, hd);
        v = parts.get(1).reshape(b, nkv, 1, hd);
      } else {
        q = qk.get(0).transpose(0, 2, 1, 3);
        k = qk.get(1).transpose(0, 2, 1, 3);
        v = parts.get(1).reshape(b, t, nkv, hd).transpose(0, 2, 1, 3);
      }
      cache.keys(l).set(write, k);
      cache.values(l).set(write, v);
      NDArray a = Ops.attend(q, cache.keys(l).get(step, read), cache.values(l).get(step, read), mask, config);
      a = t == 1 ? a.reshape(b, 1, d) : a.transpose(0, 2, 1, 3).reshape(b, t, (long) nh * hd);
      x = x.add(Linear.linear(a, out[l]));
      NDList gu = Linear.linear(Ops.rmsNormalize(x, config.rmsNormEps()), gateUp[l]).split(2, 2);
      x = x.add(Linear.linear(Ops.silu(gu.get(0)).mul(gu.get(1)), down[l]));
    }
    cache.advance(t);
    if (!allPositions && t > 1) {
      x = x.get(new NDIndex().addAllDim().addSliceDim(t - 1, t));
    }
    NDArray logits = Linear.linear(Ops.rmsNormalize(x, config.rmsNormEps()), lmHead);
    if (logits.getDataType() != DataType.FLOAT32) {
      logits = logits.toType(DataType.FLOAT32, false);
    }
    return allPositions ? logits : logits.reshape(b, config.vocabSize());
  }

  /** Frees the packed weights (not the model). */
  @Override
  public void close() {
    manager.close();
  }
}
