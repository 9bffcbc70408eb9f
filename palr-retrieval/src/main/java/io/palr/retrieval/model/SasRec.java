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
 * ({@code Q = LN(x)}, keys/values from {@code x}), causal attention with padded keys masked (as the original
 * TensorFlow code does), a residual point-wise feed-forward network after
 * a second layer norm, a final layer norm, shared input/output item embeddings, and binary cross-entropy with one
 * sampled negative per position.
 */
public final class SasRec extends AbstractNeuralModel<SequenceBatch> {
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

  /** Additive mask forbidding attention to later positions, len x len. */
  private static float[] causalMask(int len) {
    float[] mask = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        mask[i * len + j] = -1e9f;
      }
    }
    return mask;
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
    int n = batch.size();
    int len = SequenceSampler.usedLength(batch.inputs(), n, batch.length());
    NDArray hidden = encode(m, w, SequenceSampler.lastColumns(batch.inputs(), n, batch.length(), len), n, len, true);
    Shape shape = new Shape(n, len);
    long[] positives = SequenceSampler.lastColumns(batch.positives(), n, batch.length(), len);
    NDArray itemEmb = w.get("item_emb");
    NDArray posIdx = m.create(positives, shape);
    NDArray negIdx = m.create(SequenceSampler.lastColumns(batch.negatives(), n, batch.length(), len), shape);
    NDArray posLogits = hidden.mul(Layers.embed(posIdx, itemEmb)).sum(new int[] {-1});
    NDArray negLogits = hidden.mul(Layers.embed(negIdx, itemEmb)).sum(new int[] {-1});
    NDArray mask = m.create(targetMask(positives), shape);
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
    int max = config.maxLength();
    long[] ids = SequenceSampler.leftPadded(histories, max);
    int len = SequenceSampler.usedLength(ids, n, max);
    NDArray hidden = encode(m, w, SequenceSampler.lastColumns(ids, n, max, len), n, len, false);
    NDArray last = hidden.get(new NDIndex(":, {}, :", len - 1));
    return Layers.dense(last, w.get("item_emb"), null).get(new NDIndex(":, 1:"));
  }

  /**
   * The transformer encoder: the last {@code len} columns of left-padded (n, maxLength) model item ids to
   * (n, len, d) hidden states. Positions keep their index in the full maxLength frame and padded keys are masked,
   * so dropping all-padding leading columns does not change the result.
   */
  private NDArray encode(NDManager m, Weights w, long[] ids, int n, int len, boolean training) {
    int offset = config.maxLength() - len;
    int d = config.hiddenSize();
    float rate = config.dropout();
    NDArray idx = m.create(ids, new Shape(n, len));
    long[] positions = new long[ids.length];
    float[] timeline = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != 0) {
        positions[i] = offset + i % len + 1;
        timeline[i] = 1f;
      }
    }
    NDArray mask = m.create(timeline, new Shape(n, len, 1));
    NDArray x = Layers.embed(idx, w.get("item_emb")).mul(Math.sqrt(d));
    x = x.add(Layers.embed(m.create(positions, new Shape(n, len)), w.get("pos_emb")));
    x = Layers.dropout(x, rate, training).mul(mask);
    NDArray causal = m.create(causalMask(len), new Shape(len, len));
    int heads = config.heads();
    float[] keyPad = new float[n * heads * len];
    for (int b = 0; b < n; b++) {
      for (int j = 0; j < len; j++) {
        if (ids[b * len + j] == 0) {
          for (int k = 0; k < heads; k++) {
            keyPad[(b * heads + k) * len + j] = -1e9f;
          }
        }
      }
    }
    causal = causal.add(m.create(keyPad, new Shape((long) n * heads, 1, len)));
    for (int b = 0; b < config.blocks(); b++) {
      String p = "block" + b + ".";
      NDArray q = Layers.layerNorm(x, w.get(p + "attn_ln.gamma"), w.get(p + "attn_ln.beta"));
      x = q.add(attention(w, p, q, x, causal, n, len, training));
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
      Weights w, String p, NDArray q, NDArray kv, NDArray causal, int n, int len, boolean training) {
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
