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
 * SASRec: self-attentive sequential recommendation (Kang and McAuley, ICDM 2018), following the reference
 * implementation's details: item embeddings scaled by sqrt(d) plus learned positional embeddings (position 0 is
 * padding), dropout, a timeline mask zeroing padded positions after every block, pre-norm queries
 * ({@code Q = LN(x)}, keys/values from {@code x}), causal attention, a residual point-wise feed-forward network after
 * a second layer norm, a final layer norm, shared input/output item embeddings, and binary cross-entropy with one
 * sampled negative per position.
 */
public final class SasRec extends AbstractNeuralModel<SequenceBatch> {
  private final SasRecConfig config;
  private final float[] causalMask;

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
    int len = config.maxLength();
    causalMask = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        causalMask[i * len + j] = -1e9f;
      }
    }
  }

  @Override
  public SasRecConfig config() {
    return config;
  }

  @Override
  public BatchSampler<SequenceBatch> sampler(TrainingData data) {
    return new SequenceSampler(data, config.maxLength());
  }

  @Override
  protected NDArray loss(NDManager m, Weights w, SequenceBatch batch) {
    NDArray hidden = encode(m, w, batch.inputs(), batch.size(), true);
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
      loss = loss.add(sq.sum().sqrt().mul(config.l2Embedding()));
    }
    return loss;
  }

  @Override
  protected NDArray scores(NDManager m, Weights w, List<int[]> histories) {
    int n = histories.size();
    int len = config.maxLength();
    NDArray hidden = encode(m, w, SequenceSampler.leftPadded(histories, len), n, false);
    NDArray last = hidden.get(new NDIndex(":, {}, :", len - 1));
    return Layers.dense(last, w.get("item_emb"), null).get(new NDIndex(":, 1:"));
  }

  /** The transformer encoder: (n, maxLength) model item ids to (n, maxLength, d) hidden states. */
  private NDArray encode(NDManager m, Weights w, long[] ids, int n, boolean training) {
    int len = config.maxLength();
    int d = config.hiddenSize();
    float rate = config.dropout();
    NDArray idx = m.create(ids, new Shape(n, len));
    long[] positions = new long[ids.length];
    float[] timeline = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != 0) {
        positions[i] = i % len + 1;
        timeline[i] = 1f;
      }
    }
    NDArray mask = m.create(timeline, new Shape(n, len, 1));
    NDArray x = Layers.embed(idx, w.get("item_emb")).mul(Math.sqrt(d));
    x = x.add(Layers.embed(m.create(positions, new Shape(n, len)), w.get("pos_emb")));
    x = Layers.dropout(x, rate, training).mul(mask);
    NDArray causal = m.create(causalMask, new Shape(len, len));
    for (int b = 0; b < config.blocks(); b++) {
      String p = "block" + b + ".";
      NDArray q = Layers.layerNorm(x, w.get(p + "attn_ln.gamma"), w.get(p + "attn_ln.beta"));
      x = q.add(attention(w, p, q, x, causal, n, training));
      x = Layers.layerNorm(x, w.get(p + "ffn_ln.gamma"), w.get(p + "ffn_ln.beta"));
      NDArray h = Layers.dense(x, w.get(p + "ffn.w1"), w.get(p + "ffn.b1"));
      h = Layers.relu(Layers.dropout(h, rate, training));
      h = Layers.dropout(Layers.dense(h, w.get(p + "ffn.w2"), w.get(p + "ffn.b2")), rate, training);
      x = h.add(x).mul(mask);
    }
    return Layers.layerNorm(x, w.get("last_ln.gamma"), w.get("last_ln.beta"));
  }

  /** Multi-head causal attention with queries from {@code q} and keys/values from {@code kv}. */
  private NDArray attention(
      Weights w, String p, NDArray q, NDArray kv, NDArray causal, int n, boolean training) {
    int len = config.maxLength();
    int d = config.hiddenSize();
    int h = config.heads();
    int dh = d / h;
    NDArray qq = heads(Layers.dense(q, w.get(p + "attn.wq"), w.get(p + "attn.bq")), n, len, h, dh);
    NDArray kk = heads(Layers.dense(kv, w.get(p + "attn.wk"), w.get(p + "attn.bk")), n, len, h, dh);
    NDArray vv = heads(Layers.dense(kv, w.get(p + "attn.wv"), w.get(p + "attn.bv")), n, len, h, dh);
    NDArray att = qq.batchMatMul(kk.transpose(0, 2, 1)).div(Math.sqrt(dh)).add(causal).softmax(-1);
    att = Layers.dropout(att, config.dropout(), training);
    NDArray out = att.batchMatMul(vv);
    if (h > 1) {
      out = out.reshape(n, h, len, dh).transpose(0, 2, 1, 3).reshape(n, len, d);
    }
    return Layers.dense(out, w.get(p + "attn.wo"), w.get(p + "attn.bo"));
  }

  private static NDArray heads(NDArray x, int n, int len, int h, int dh) {
    if (h == 1) {
      return x;
    }
    return x.reshape(n, len, h, dh).transpose(0, 2, 1, 3).reshape((long) n * h, len, dh);
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
