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
 * KvCache}, in one of two layouts.
 *
 * <p><b>Direct</b> (hidden sizes above {@value #MIRROR_MAX_HIDDEN}): the model's own weights are
 * used as loaded, with no copy, so memory stays at one times the weights plus the cache (mapped
 * checkpoints stay mapped). Activations are float32 on the CPU; half-precision weights are
 * multiplied in half precision (the projection's input rounded to half, its output widened back):
 * PyTorch's CPU half GEMV streams half the bytes of float32, and upcasting a weight costs more than
 * the multiplication (measured on a 4096x11008 projection: upcast 0.67 s of CPU, half multiply 3.5
 * ms per row, so upcasting would only pay beyond ~300 rows, above the prefill chunk). On a GPU
 * everything runs in the weights' type, with RMSNorm accumulated in float32. Adapters are applied
 * separately on top of the frozen weights.
 *
 * <p><b>Mirrored</b> (tiny models): the cost of a decode step is the number of native calls, not
 * arithmetic, so weights are re-packed once (copies; the model plus this object hold about three
 * times the block weights, which is nothing at this size) to minimise calls per block:
 *
 * <ul>
 *   <li>one fused projection producing {@code [q, k, rotate_half(q), rotate_half(k), v]}, with the
 *       RMSNorm weight folded into its columns and {@code 1/sqrt(headDim)} into the query rows, so
 *       RoPE is {@code sum([q,k] * cos, [rot q, rot k] * sin)};
 *   <li>one fused gate/up projection with the post-attention norm folded in, the output head with
 *       the final norm;
 *   <li>residual additions done by the projections' bias argument ({@code x + a W^T} in one call);
 *   <li>keys cached transposed, written and read with direct slice calls;
 *   <li>the residual stream kept as {@code [x, -x]}, whose layer norm is exactly RMSNorm of {@code
 *       x}: one call instead of five, at the price of twice the matmul work (input weights get zero
 *       columns, output weights negated rows).
 * </ul>
 *
 * <p>The direct layout replaces the fusions by plain calls but keeps the one-call RMSNorm: the
 * layer norm of {@code [x, -x]} (built per call, activations are small) with weight {@code [w, 0]},
 * read back as its first half.
 *
 * <p>LoRA adapters present on the model are folded into the packed weights of the mirrored layout
 * ({@link Linear#effectiveWeight()}) and applied on top of the frozen weights in the direct layout;
 * the model is not changed. Changing the model's weights later needs a new {@code InferenceModel}.
 *
 * <p>Stateless between calls (state lives in the {@link KvCache}); concurrent calls with different
 * caches are safe.
 */
public final class InferenceModel implements AutoCloseable {
  /**
   * Largest hidden size that uses the mirrored, packed layout. Above it the doubled matmul work and
   * the copies cost more than the saved calls (measured: a 155M model with hidden size 1024 decoded
   * 2.3x slower mirrored).
   */
  public static final int MIRROR_MAX_HIDDEN = 256;

  private final LlamaConfig config;
  private final NDManager manager;
  private final DataType type;
  private final boolean mirrored;
  // mirrored (packed) layout
  private final NDArray embedding;
  private final NDArray[] qkv;
  private final NDArray[] out;
  private final NDArray[] gateUp;
  private final NDArray[] down;
  private final NDArray lmHead;
  private final NDArray normOnes;
  private final NDArray ropeTable;
  // direct layout: the model's own weights
  private final LlamaModel model;
  private final NDArray[] inputNorm;
  private final NDArray[] postNorm;
  private final NDArray finalNorm;
  private final NDArray cosTable;
  private final NDArray sinTable;
  private final NDArray rotate;
  // both
  private final NDArray normZeros;

  /**
   * Wraps {@code model} (which must stay open while this is used) in the layout that suits its
   * size: mirrored up to {@value #MIRROR_MAX_HIDDEN} hidden units, direct above.
   *
   * @param model the model
   * @param type the compute type: FLOAT32, or FLOAT16 on a GPU (activations are float32 on the CPU)
   */
  public InferenceModel(LlamaModel model, DataType type) {
    this(model, type, model.config().hiddenSize() <= MIRROR_MAX_HIDDEN);
  }

  /**
   * Wraps {@code model}, choosing the layout explicitly.
   *
   * @param model the model
   * @param type the compute type: FLOAT32, or FLOAT16 on a GPU (activations are float32 on the CPU)
   * @param mirrored true for the packed, mirrored layout (fewest calls, copies of the weights),
   *     false for the direct layout (no copies)
   */
  public InferenceModel(LlamaModel model, DataType type, boolean mirrored) {
    this.config = model.config();
    this.type = model.manager().getDevice().isGpu() ? type : DataType.FLOAT32;
    this.mirrored = mirrored;
    this.manager = model.manager().newSubManager();
    int layersN = config.numLayers();
    int d = config.hiddenSize();
    int hd = config.headDim();
    normZeros = manager.zeros(new Shape(2L * d), this.type);
    float[] t = Rope.table(config.maxPositions(), hd, config.ropeTheta());
    if (!mirrored) {
      this.model = model;
      inputNorm = new NDArray[layersN];
      postNorm = new NDArray[layersN];
      for (int i = 0; i < layersN; i++) {
        inputNorm[i] = halfZero(model.layers().get(i).inputNorm());
        postNorm[i] = halfZero(model.layers().get(i).postAttentionNorm());
      }
      finalNorm = halfZero(model.finalNorm());
      int p = config.maxPositions();
      float[] cos = new float[p * hd];
      float[] sin = new float[p * hd];
      for (int i = 0; i < p; i++) {
        System.arraycopy(t, i * 2 * hd, cos, i * hd, hd);
        System.arraycopy(t, i * 2 * hd + hd, sin, i * hd, hd);
      }
      cosTable = manager.create(cos, new Shape(p, hd)).toType(this.type, false);
      sinTable = manager.create(sin, new Shape(p, hd)).toType(this.type, false);
      rotate =
          manager.create(Rope.rotateHalfMatrix(hd), new Shape(hd, hd)).toType(this.type, false);
      embedding = null;
      qkv = null;
      out = null;
      gateUp = null;
      down = null;
      lmHead = null;
      normOnes = null;
      ropeTable = null;
      return;
    }
    this.model = null;
    inputNorm = null;
    postNorm = null;
    finalNorm = null;
    cosTable = null;
    sinTable = null;
    rotate = null;
    qkv = new NDArray[layersN];
    out = new NDArray[layersN];
    gateUp = new NDArray[layersN];
    down = new NDArray[layersN];
    float scale = (float) (1.0 / Math.sqrt(hd));
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
      NDArray e = model.embedding().get(tmp, new NDIndex()).toType(DataType.FLOAT32, false);
      embedding = keep(NDArrays.concat(new NDList(e, e.neg()), 1));
    }
    ropeTable =
        manager.create(t, new Shape(config.maxPositions(), 2L * hd)).toType(this.type, false);
    normOnes = manager.ones(new Shape(2L * d), this.type);
  }

  /**
   * {@code [w, 0]} in the compute type: the layer-norm weight that turns the norm of {@code [x,
   * -x]} into RMSNorm.
   */
  private NDArray halfZero(NDArray w) {
    try (NDManager tmp = manager.newSubManager()) {
      NDArray wc = w.get(tmp, new NDIndex()).toType(type, false);
      NDArray c = NDArrays.concat(new NDList(wc, wc.zerosLike()), 0);
      c.attach(manager);
      return c;
    }
  }

  private static NDArray effective(Linear lin, NDManager tmp) {
    NDArray w = lin.effectiveWeight();
    w.attach(tmp);
    return w.getDataType() == DataType.FLOAT32 ? w : w.toType(DataType.FLOAT32, false);
  }

  /**
   * A projection reading the normalized, mirrored residual stream: norm weight folded in, zero
   * columns.
   */
  private NDArray input(NDArray w, NDArray normWeight, NDManager tmp) {
    NDArray nw = normWeight.get(tmp, new NDIndex()).toType(w.getDataType(), false);
    NDArray folded = w.mul(nw.reshape(1, config.hiddenSize()));
    return NDArrays.concat(new NDList(folded, folded.zerosLike()), 1);
  }

  /** A projection writing into the mirrored residual stream: negated copy of the rows. */
  private NDArray output(NDArray w) {
    return NDArrays.concat(new NDList(w, w.neg()), 0);
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

  /** The compute type (activations and cache). */
  public DataType dataType() {
    return type;
  }

  /** Whether the layout is the packed, mirrored one (small models; see the class documentation). */
  public boolean mirrored() {
    return mirrored;
  }

  /** Bytes of the arrays this object holds beyond the model's weights (packed copies, tables). */
  public long ownBytes() {
    java.util.List<NDArray> all =
        new java.util.ArrayList<>(
            java.util.Arrays.asList(
                normZeros, embedding, lmHead, normOnes, ropeTable, finalNorm, cosTable, sinTable,
                rotate));
    for (NDArray[] group : new NDArray[][] {qkv, out, gateUp, down, inputNorm, postNorm}) {
      if (group != null) {
        all.addAll(java.util.Arrays.asList(group));
      }
    }
    long n = 0;
    for (NDArray a : all) {
      if (a != null) {
        n += a.size() * a.getDataType().getNumOfBytes();
      }
    }
    return n;
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

  /** RMSNorm of the mirrored stream: its layer norm. */
  private PtNDArray mirroredNorm(PtNDArray x) {
    return JniUtils.layerNorm(
        x, normOnes.getShape(), (PtNDArray) normOnes, (PtNDArray) normZeros, config.rmsNormEps());
  }

  /**
   * RMSNorm of {@code x} times the weight {@code w}, given as {@code [w, 0]}: the layer norm of
   * {@code [x, -x]}.
   */
  private PtNDArray directNorm(PtNDArray x, NDArray w, PtNDManager pm) {
    long[] shape = x.getShape().getShape();
    int last = shape.length - 1;
    long d = shape[last];
    PtNDArray both = JniUtils.cat(new PtNDArray[] {x, JniUtils.neg(x)}, last);
    PtNDArray n =
        JniUtils.layerNorm(
            both, w.getShape(), (PtNDArray) w, (PtNDArray) normZeros, config.rmsNormEps());
    long[] begin = new long[shape.length];
    long[] end = shape.clone();
    long[] step = new long[shape.length];
    java.util.Arrays.fill(step, 1);
    end[last] = d;
    return JniUtils.index(n, begin, end, step, pm);
  }

  /**
   * {@code x W^T + residual} (residual may be null) plus the adapters' updates, in the compute
   * type. Half-precision weights on the CPU: the input is rounded to half and the output widened
   * (half-precision outputs of magnitude 16 are rounded by up to 0.008).
   */
  private PtNDArray project(PtNDArray x, Linear lin, PtNDArray residual) {
    PtNDArray w = (PtNDArray) lin.weight();
    DataType wt = w.getDataType();
    PtNDArray y;
    if (wt == type) {
      y = JniUtils.linear(x, w, residual);
    } else {
      y =
          JniUtils.to(
              JniUtils.linear(JniUtils.to(x, wt, x.getDevice()), w, null), type, x.getDevice());
      if (residual != null) {
        y = JniUtils.add(y, residual);
      }
    }
    for (LoraAdapter a : lin.adapters()) {
      DataType at = a.a().getDataType();
      PtNDArray xa = at == x.getDataType() ? x : JniUtils.to(x, at, x.getDevice());
      PtNDArray delta =
          JniUtils.linear(JniUtils.linear(xa, (PtNDArray) a.a(), null), (PtNDArray) a.b(), null);
      PtNDArray s = (PtNDArray) x.getManager().create(a.scale()).toType(at, false);
      delta = JniUtils.mul(delta, s);
      y =
          JniUtils.add(
              y, delta.getDataType() == type ? delta : JniUtils.to(delta, type, x.getDevice()));
    }
    return y;
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
    PtNDManager pm = (PtNDManager) step;
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
    NDArray posArr = step.create(pos, new Shape(b, t));
    PtNDArray x =
        mirrored
            ? forwardMirrored(pm, posArr, step.create(tokens, new Shape(b, t)), b, t, cache, mask)
            : forwardDirect(pm, posArr, step.create(tokens, new Shape(b, t)), b, t, cache, mask);
    cache.advance(t);
    if (!allPositions && t > 1) {
      x = (PtNDArray) x.get(new NDIndex().addAllDim().addSliceDim(t - 1, t));
    }
    NDArray logits =
        mirrored
            ? linear(mirroredNorm(x), lmHead)
            : project(directNorm(x, finalNorm, pm), model.lmHead(), null);
    if (logits.getDataType() != DataType.FLOAT32) {
      logits = logits.toType(DataType.FLOAT32, false);
    }
    return allPositions ? logits : logits.reshape(b, vocab);
  }

  private PtNDArray forwardMirrored(
      PtNDManager pm, NDArray posArr, NDArray tokenArr, int b, int t, KvCache cache, NDArray mask) {
    int hd = config.headDim();
    int nh = config.numHeads();
    int nkv = config.numKvHeads();
    long qkWidth = 2L * (nh + nkv) * hd;
    long[] qkShape = {b, t, 2, nh + nkv, hd};
    long[] sumAxis = {2};
    long[] qkSplit = {nh, nkv};
    long[] ffSplit = {config.intermediateSize(), config.intermediateSize()};
    long[] qkvSplit = {qkWidth, (long) nkv * hd};
    PtNDArray csp = (PtNDArray) Ops.embedding(posArr, ropeTable).reshape(b, t, 2, 1, hd);
    PtNDArray x = (PtNDArray) Ops.embedding(tokenArr, embedding);
    for (int l = 0; l < qkv.length; l++) {
      NDList parts = JniUtils.split(linear(mirroredNorm(x), qkv[l]), qkvSplit, 2);
      PtNDArray qkr = JniUtils.reshape((PtNDArray) parts.get(0), qkShape);
      NDList qk = JniUtils.split(JniUtils.sum(JniUtils.mul(qkr, csp), sumAxis, false), qkSplit, 2);
      PtNDArray a =
          attend(
              pm,
              l,
              (PtNDArray) qk.get(0),
              (PtNDArray) qk.get(1),
              (PtNDArray) parts.get(1),
              b,
              t,
              cache,
              mask);
      x = linear(a, out[l], x);
      NDList gu = JniUtils.split(linear(mirroredNorm(x), gateUp[l]), ffSplit, 2);
      PtNDArray gate = (PtNDArray) gu.get(0);
      x =
          linear(
              JniUtils.mul(JniUtils.mul(gate, JniUtils.sigmoid(gate)), (PtNDArray) gu.get(1)),
              down[l],
              x);
    }
    return x;
  }

  private PtNDArray forwardDirect(
      PtNDManager pm, NDArray posArr, NDArray tokenArr, int b, int t, KvCache cache, NDArray mask) {
    int hd = config.headDim();
    int nh = config.numHeads();
    int nkv = config.numKvHeads();
    float scale = (float) (1.0 / Math.sqrt(hd));
    PtNDArray cos =
        JniUtils.reshape((PtNDArray) Ops.embedding(posArr, cosTable), new long[] {b, t, 1, hd});
    PtNDArray sin =
        JniUtils.reshape((PtNDArray) Ops.embedding(posArr, sinTable), new long[] {b, t, 1, hd});
    PtNDArray scaleArr = (PtNDArray) pm.create(scale).toType(type, false);
    PtNDArray cosQ = JniUtils.mul(cos, scaleArr);
    PtNDArray sinQ = JniUtils.mul(sin, scaleArr);
    PtNDArray x = (PtNDArray) Ops.embedding(tokenArr, model.embedding());
    if (x.getDataType() != type) {
      x = JniUtils.to(x, type, x.getDevice());
    }
    PtNDArray rot = (PtNDArray) rotate;
    for (int l = 0; l < config.numLayers(); l++) {
      LlamaLayer layer = model.layers().get(l);
      // per-layer temporaries live in a sub-manager: only the residual stream survives the layer
      try (PtNDManager lm = (PtNDManager) pm.newSubManager()) {
        x.attach(lm);
        PtNDArray h = directNorm(x, inputNorm[l], lm);
        PtNDArray q = JniUtils.reshape(project(h, layer.q(), null), new long[] {b, t, nh, hd});
        PtNDArray k = JniUtils.reshape(project(h, layer.k(), null), new long[] {b, t, nkv, hd});
        PtNDArray v = project(h, layer.v(), null);
        q = JniUtils.add(JniUtils.mul(q, cosQ), JniUtils.mul(JniUtils.matmul(q, rot), sinQ));
        k = JniUtils.add(JniUtils.mul(k, cos), JniUtils.mul(JniUtils.matmul(k, rot), sin));
        PtNDArray a = attend(lm, l, q, k, v, b, t, cache, mask);
        x = project(a, layer.o(), x);
        PtNDArray h2 = directNorm(x, postNorm[l], lm);
        PtNDArray gate = project(h2, layer.gate(), null);
        PtNDArray up = project(h2, layer.up(), null);
        x = project(JniUtils.mul(JniUtils.mul(gate, JniUtils.sigmoid(gate)), up), layer.down(), x);
        x.attach(pm);
      }
    }
    return x;
  }

  /**
   * Attention over the cache after writing this call's keys and values into it.
   *
   * @param q [b, t, heads, hd], RoPE applied and scaled by {@code 1/sqrt(hd)}
   * @param k [b, t, kvHeads, hd], RoPE applied
   * @param v [b, t, kvHeads * hd]
   * @return [b, t, heads * hd]
   */
  private PtNDArray attend(
      PtNDManager pm,
      int l,
      PtNDArray q,
      PtNDArray k,
      PtNDArray v,
      int b,
      int t,
      KvCache cache,
      NDArray mask) {
    int hd = config.headDim();
    int nh = config.numHeads();
    int nkv = config.numKvHeads();
    int g = config.groupSize();
    int s0 = cache.length();
    int s = s0 + t;
    long gt = (long) g * t;
    long width = (long) nh * hd;
    long[] ones = {1, 1, 1, 1};
    long[] zeros = {0, 0, 0, 0};
    long[] keyMax = {b, nkv, hd, s};
    long[] valMax = {b, nkv, s, hd};
    long[] keyMin = {0, 0, 0, s0};
    long[] valMin = {0, 0, s0, 0};
    PtNDArray kT;
    if (t == 1) {
      q = JniUtils.reshape(q, new long[] {b, nkv, g, hd});
      kT = JniUtils.reshape(k, new long[] {b, nkv, hd, 1});
      v = JniUtils.reshape(v, new long[] {b, nkv, 1, hd});
    } else {
      q =
          JniUtils.reshape(
              JniUtils.permute(q, new long[] {0, 2, 1, 3}), new long[] {b, nkv, gt, hd});
      kT = JniUtils.permute(k, new long[] {0, 2, 3, 1});
      v =
          JniUtils.permute(
              JniUtils.reshape(v, new long[] {b, t, nkv, hd}), new long[] {0, 2, 1, 3});
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
    return t == 1
        ? JniUtils.reshape(a, new long[] {b, 1, width})
        : JniUtils.reshape(
            JniUtils.permute(
                JniUtils.reshape(a, new long[] {b, nh, t, hd}), new long[] {0, 2, 1, 3}),
            new long[] {b, t, width});
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
