package io.palr.retrieval.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.palr.retrieval.nn.Layers;
import io.palr.retrieval.nn.ParameterStore;
import io.palr.retrieval.nn.Weights;
import io.palr.retrieval.train.BatchSampler;
import io.palr.retrieval.train.TrainingData;
import java.util.List;

/**
 * SASRec: self-attentive sequential recommendation (Kang and McAuley, ICDM 2018), following the
 * reference implementation's details: item embeddings scaled by sqrt(d) plus learned positional
 * embeddings (position 0 is padding), dropout, a timeline mask zeroing padded positions after every
 * block, pre-norm queries ({@code Q = LN(x)}, keys/values from {@code x}), causal attention with
 * padded keys masked (as the original TensorFlow code does), a residual point-wise feed-forward
 * network after a second layer norm, a final layer norm, shared input/output item embeddings, and
 * binary cross-entropy with one sampled negative per position.
 */
public final class SasRec extends AbstractNeuralModel<SequenceBatch> {
  /**
   * Additive attention logit of a masked key: large enough that softmax gives it exactly 0, finite
   * so no NaN.
   */
  private static final float MASKED = -1e9f;

  /**
   * Elements of the largest per-chunk intermediate at scoring (5 MB), see {@link
   * #scoringChunk(int)}.
   */
  private static final int ELEMENTS_PER_ARRAY = 1_250_000;

  private final SasRecConfig config;

  /**
   * A freshly initialised model.
   *
   * @param config hyper-parameters
   * @param numItems catalogue size
   * @param device where the weights live
   * @param seed initialisation seed
   */
  public SasRec(SasRecConfig config, int numItems, Device device, long seed) {
    super(new ParameterStore(device, seed), numItems);
    this.config = config;
    int d = config.hiddenSize();
    params.xavier("item_emb", numItems + 1, d, 0);
    params.xavier("pos_emb", config.maxLength() + 1, d, 0);
    for (int b = 0; b < config.blocks(); b++) {
      String p = "block" + b + ".";
      params.constant(p + "attn_ln.gamma", new Shape(d), 1f);
      params.constant(p + "attn_ln.beta", new Shape(d), 0f);
      for (String proj : new String[] {"q", "k", "v", "o"}) {
        params.xavier(p + "attn.w" + proj, d, d, -1);
        params.constant(p + "attn.b" + proj, new Shape(d), 0f);
      }
      params.constant(p + "ffn_ln.gamma", new Shape(d), 1f);
      params.constant(p + "ffn_ln.beta", new Shape(d), 0f);
      params.xavier(p + "ffn.w1", d, d, -1);
      params.constant(p + "ffn.b1", new Shape(d), 0f);
      params.xavier(p + "ffn.w2", d, d, -1);
      params.constant(p + "ffn.b2", new Shape(d), 0f);
    }
    params.constant("last_ln.gamma", new Shape(d), 1f);
    params.constant("last_ln.beta", new Shape(d), 0f);
  }

  @Override
  public SasRecConfig config() {
    return config;
  }

  @Override
  public BatchSampler<SequenceBatch> sampler(TrainingData data) {
    return new SequenceSampler(data, config.maxLength(), true);
  }

  @Override
  protected NDArray loss(NDManager m, Weights w, SequenceBatch batch) {
    NDArray hidden = encode(m, w, batch.inputs(), batch.size(), batch.length(), true);
    Shape shape = new Shape(batch.size(), batch.length());
    NDArray itemEmb = w.get("item_emb");
    NDArray posIdx = m.create(batch.positives(), shape);
    NDArray negIdx = m.create(batch.negatives(), shape);
    NDArray posLogits = hidden.mul(Layers.embed(posIdx, itemEmb)).sum(new int[] {-1});
    NDArray negLogits = hidden.mul(Layers.embed(negIdx, itemEmb)).sum(new int[] {-1});
    NDArray mask = m.create(targetMask(batch.positives()), shape);
    NDArray loss = Layers.sampledBce(posLogits, negLogits, mask);
    if (config.l2Embedding() > 0) {
      NDArray sq = itemEmb.square();
      sq.attach(m);
      loss = loss.add(Layers.scale(sq.sum().sqrt(), config.l2Embedding()));
    }
    return loss;
  }

  @Override
  protected int scoringChunk(int longestHistory) {
    int len = Math.max(1, Math.min(config.maxLength(), longestHistory));
    return Math.max(
        1, Math.min(super.scoringChunk(longestHistory), ELEMENTS_PER_ARRAY / (len * len)));
  }

  @Override
  protected NDArray scores(NDManager m, Weights w, List<int[]> histories) {
    int n = histories.size();
    int len = SequenceSampler.longest(histories, config.maxLength());
    NDArray last = encode(m, w, SequenceSampler.leftPadded(histories, len), n, len, false);
    return Layers.dense(last.reshape(n, config.hiddenSize()), w.get("item_emb"), null)
        .get(new NDIndex(":, 1:"));
  }

  /**
   * Final hidden state at the last position of each history computed the slow way: every position
   * of every block over the full {@code maxLength} frame, dropout off. Scoring must agree with it;
   * tests compare the two.
   */
  float[] lastHiddenFullFrame(List<int[]> histories) {
    int n = histories.size();
    int len = config.maxLength();
    try (NDManager m = params.manager().newSubManager()) {
      Weights w = params.frozen(m);
      NDArray all = encode(m, w, SequenceSampler.leftPadded(histories, len), n, len, true, false);
      return all.get(new NDIndex(":, -1, :")).toFloatArray();
    }
  }

  /** The inference path's final hidden state at the last position, (n x d) row-major. */
  float[] lastHidden(List<int[]> histories) {
    int n = histories.size();
    int len = SequenceSampler.longest(histories, config.maxLength());
    try (NDManager m = params.manager().newSubManager()) {
      return encode(
              m, params.frozen(m), SequenceSampler.leftPadded(histories, len), n, len, false, false)
          .toFloatArray();
    }
  }

  /**
   * The transformer encoder over the last {@code len} columns of the right-aligned {@code
   * maxLength} frame: (n, len) model item ids (0 = padding) to hidden states, (n, len, d) when
   * training and (n, 1, d) for the last position otherwise. Positions keep their index in the full
   * frame and padded keys are masked (as in the original TensorFlow code), so the result does not
   * depend on how much left padding a batch carries; at inference the last block computes only the
   * last position, the only one that is scored.
   */
  private NDArray encode(NDManager m, Weights w, long[] ids, int n, int len, boolean training) {
    return encode(m, w, ids, n, len, training, training);
  }

  /**
   * The encoder with dropout and "all positions" chosen apart: {@code allPositions} returns (n,
   * len, d), otherwise the last block computes only the last position, (n, 1, d).
   */
  private NDArray encode(
      NDManager m, Weights w, long[] ids, int n, int len, boolean allPositions, boolean training) {
    int offset = config.maxLength() - len;
    int d = config.hiddenSize();
    int h = config.heads();
    float rate = config.dropout();
    NDArray idx = m.create(ids, new Shape(n, len));
    long[] positions = new long[ids.length];
    float[] timeline = new float[ids.length];
    float[] keyMask = new float[n * h * len];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != 0) {
        positions[i] = (long) offset + i % len + 1;
        timeline[i] = 1f;
      } else {
        int b = i / len;
        for (int k = 0; k < h; k++) {
          keyMask[(b * h + k) * len + i % len] = MASKED;
        }
      }
    }
    NDArray mask = m.create(timeline, new Shape(n, len, 1));
    NDArray x = Layers.scale(Layers.embed(idx, w.get("item_emb")), Math.sqrt(d));
    x = x.add(Layers.embed(m.create(positions, new Shape(n, len)), w.get("pos_emb")));
    x = Layers.dropout(x, rate, training).mul(mask);
    NDArray keys = m.create(keyMask, new Shape((long) n * h, 1, len));
    // the (n * heads, len, len) causal mask only where a block computes every position
    NDArray causal =
        allPositions || config.blocks() > 1
            ? keys.add(m.create(causalMask(len), new Shape(len, len)))
            : null;
    for (int b = 0; b < config.blocks(); b++) {
      String p = "block" + b + ".";
      boolean lastOnly = !allPositions && b == config.blocks() - 1;
      NDArray kv = x;
      if (lastOnly) {
        x = x.get(new NDIndex(":, -1:, :"));
        mask = mask.get(new NDIndex(":, -1:, :"));
      }
      NDArray q = Layers.layerNorm(x, w.get(p + "attn_ln.gamma"), w.get(p + "attn_ln.beta"));
      x = q.add(attention(w, p, q, kv, lastOnly ? keys : causal, n, training));
      x = Layers.layerNorm(x, w.get(p + "ffn_ln.gamma"), w.get(p + "ffn_ln.beta"));
      NDArray hid = Layers.dense(x, w.get(p + "ffn.w1"), w.get(p + "ffn.b1"));
      hid = Layers.relu(Layers.dropout(hid, rate, training));
      hid =
          Layers.dropout(
              Layers.dense(hid, w.get(p + "ffn.w2"), w.get(p + "ffn.b2")), rate, training);
      x = hid.add(x).mul(mask);
    }
    return Layers.layerNorm(x, w.get("last_ln.gamma"), w.get("last_ln.beta"));
  }

  /**
   * Multi-head attention with queries from {@code q} (n, lq, d) and keys/values from {@code kv} (n,
   * lk, d); the additive {@code mask} broadcasts to (n * heads, lq, lk).
   */
  private NDArray attention(
      Weights w, String p, NDArray q, NDArray kv, NDArray mask, int n, boolean training) {
    int d = config.hiddenSize();
    int h = config.heads();
    int dh = d / h;
    long lq = q.getShape().get(1);
    long lk = kv.getShape().get(1);
    // scaling the queries is the same as scaling the (lq x lk) logits, on an array lk / dh times
    // smaller
    NDArray qq =
        heads(
            Layers.scale(
                Layers.dense(q, w.get(p + "attn.wq"), w.get(p + "attn.bq")), 1 / Math.sqrt(dh)),
            n,
            lq,
            h,
            dh);
    NDArray kk = heads(Layers.dense(kv, w.get(p + "attn.wk"), w.get(p + "attn.bk")), n, lk, h, dh);
    NDArray vv = heads(Layers.dense(kv, w.get(p + "attn.wv"), w.get(p + "attn.bv")), n, lk, h, dh);
    NDArray att = qq.batchMatMul(kk.transpose(0, 2, 1)).add(mask).softmax(-1);
    att = Layers.dropout(att, config.dropout(), training);
    NDArray out = att.batchMatMul(vv);
    if (h > 1) {
      out = out.reshape(n, h, lq, dh).transpose(0, 2, 1, 3).reshape(n, lq, d);
    }
    return Layers.dense(out, w.get(p + "attn.wo"), w.get(p + "attn.bo"));
  }

  private static NDArray heads(NDArray x, int n, long len, int h, int dh) {
    if (h == 1) {
      return x;
    }
    return x.reshape(n, len, h, dh).transpose(0, 2, 1, 3).reshape((long) n * h, len, dh);
  }

  /** Additive mask forbidding attention to later positions, len x len. */
  private static float[] causalMask(int len) {
    float[] mask = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        mask[i * len + j] = MASKED;
      }
    }
    return mask;
  }

  /** 1 where a position has a target (id != 0), else 0. */
  static float[] targetMask(long[] targets) {
    float[] mask = new float[targets.length];
    for (int i = 0; i < targets.length; i++) {
      mask[i] = targets[i] != 0 ? 1f : 0f;
    }
    return mask;
  }
}
