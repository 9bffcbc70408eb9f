package io.palr.retrieval.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.palr.retrieval.nn.Layers;
import io.palr.retrieval.nn.ParameterStore;
import io.palr.retrieval.nn.Weights;
import io.palr.retrieval.train.BatchSampler;
import io.palr.retrieval.train.TrainingData;
import java.util.List;

/**
 * NeuMF (He et al. 2017): a GMF branch ({@code p_u * q_i}) and an MLP tower over {@code [p_u;
 * q_i]}, concatenated into one logit, trained with binary cross-entropy on each positive and one
 * sampled negative. As in {@link BprMf} the user factors (one per branch) are folded in from the
 * history.
 */
public final class NeuMf extends AbstractNeuralModel<ContextBatch> {
  private final NcfConfig config;

  /**
   * A freshly initialised model.
   *
   * @param config hyper-parameters
   * @param numItems catalogue size
   * @param device where the weights live
   * @param seed initialisation seed
   */
  public NeuMf(NcfConfig config, int numItems, Device device, long seed) {
    super(new ParameterStore(device, seed), numItems);
    this.config = config;
    int d = config.factors();
    params.normal("gmf_user_item_emb", new Shape(numItems + 1, d), 0.01);
    params.normal("gmf_item_emb", new Shape(numItems + 1, d), 0.01);
    params.normal("mlp_user_item_emb", new Shape(numItems + 1, d), 0.01);
    params.normal("mlp_item_emb", new Shape(numItems + 1, d), 0.01);
    int in = 2 * d;
    List<Integer> layers = config.mlpLayers();
    for (int l = 0; l < layers.size(); l++) {
      params.xavier("mlp" + l + ".w", layers.get(l), in, -1);
      params.constant("mlp" + l + ".b", new Shape(layers.get(l)), 0f);
      in = layers.get(l);
    }
    params.xavier("out.w", 1, d + in, -1);
    params.constant("out.b", new Shape(1), 0f);
  }

  @Override
  public NcfConfig config() {
    return config;
  }

  @Override
  public BatchSampler<ContextBatch> sampler(TrainingData data) {
    return new ContextSampler(data, config.historyLength(), ContextSampler.Mode.ALL_BUT_TARGET);
  }

  @Override
  protected int scoringChunk(int longestHistory) {
    return Math.max(1, 1_250_000 / (numItems * config.mlpLayers().get(0)));
  }

  @Override
  protected NDArray loss(NDManager m, Weights w, ContextBatch batch) {
    int n = batch.size();
    NDArray pg = BprMf.foldIn(m, w.get("gmf_user_item_emb"), batch.context(), n, batch.length());
    NDArray pm = BprMf.foldIn(m, w.get("mlp_user_item_emb"), batch.context(), n, batch.length());
    NDArray pos = logits(w, pg, pm, m.create(batch.positives(), new Shape(n)), true);
    NDArray neg = logits(w, pg, pm, m.create(batch.negatives(), new Shape(n)), true);
    return Layers.sampledBce(pos, neg, m.ones(new Shape(n)));
  }

  /** One logit per (user row, item) pair, shape (n). */
  private NDArray logits(Weights w, NDArray pg, NDArray pm, NDArray items, boolean training) {
    NDArray gmf = pg.mul(Layers.embed(items, w.get("gmf_item_emb")));
    NDArray h = pm.concat(Layers.embed(items, w.get("mlp_item_emb")), 1);
    for (int l = 0; l < config.mlpLayers().size(); l++) {
      h =
          Layers.dropout(
              Layers.relu(Layers.dense(h, w.get("mlp" + l + ".w"), w.get("mlp" + l + ".b"))),
              config.dropout(),
              training);
    }
    return Layers.dense(gmf.concat(h, 1), w.get("out.w"), w.get("out.b")).reshape(-1);
  }

  @Override
  protected NDArray scores(NDManager m, Weights w, List<int[]> histories) {
    int n = histories.size();
    int len = config.historyLength();
    long[] ctx = SequenceSampler.leftPadded(histories, len);
    NDArray pg = BprMf.foldIn(m, w.get("gmf_user_item_emb"), ctx, n, len);
    NDArray pm = BprMf.foldIn(m, w.get("mlp_user_item_emb"), ctx, n, len);
    long[] all = new long[numItems];
    for (int i = 0; i < numItems; i++) {
      all[i] = i + 1L;
    }
    NDArray items = m.create(all, new Shape(numItems));
    int d = config.factors();
    NDArray outW = w.get("out.w");
    // GMF branch for every item at once: (p_u * h_gmf) . q_i
    NDArray hg = m.create(1f).mul(outW.get(":, :" + d)).reshape(d);
    NDArray gmf = Layers.dense(pg.mul(hg), Layers.embed(items, w.get("gmf_item_emb")), null);
    // MLP tower: the first layer splits into a user part and an item part, broadcast over (user,
    // item)
    NDArray w0 = m.create(1f).mul(w.get("mlp0.w"));
    NDArray userPart = Layers.dense(pm, w0.get(":, :" + d), w.get("mlp0.b"));
    NDArray itemPart =
        Layers.dense(Layers.embed(items, w.get("mlp_item_emb")), w0.get(":, " + d + ":"), null);
    NDArray h = Layers.relu(userPart.expandDims(1).add(itemPart.expandDims(0)));
    for (int l = 1; l < config.mlpLayers().size(); l++) {
      h = Layers.relu(Layers.dense(h, w.get("mlp" + l + ".w"), w.get("mlp" + l + ".b")));
    }
    NDArray hm = m.create(1f).mul(outW.get(":, " + d + ":"));
    NDArray mlp = Layers.dense(h, hm, w.get("out.b")).reshape(n, numItems);
    return gmf.add(mlp);
  }
}
