package io.palr.retrieval.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * GRU4Rec (Hidasi et al. 2016) in the sequential-recommendation setting: item embeddings through
 * one GRU layer (the engine's fused kernel), the state at each position scored against the item
 * embeddings, trained with the same per-position binary cross-entropy and one sampled negative as
 * {@link SasRec} on the same batches.
 */
public final class Gru4Rec extends AbstractNeuralModel<SequenceBatch> {
  private final Gru4RecConfig config;

  /**
   * A freshly initialised model.
   *
   * @param config hyper-parameters
   * @param numItems catalogue size
   * @param device where the weights live
   * @param seed initialisation seed
   */
  public Gru4Rec(Gru4RecConfig config, int numItems, Device device, long seed) {
    super(new ParameterStore(device, seed), numItems);
    this.config = config;
    int d = config.hiddenSize();
    params.xavier("item_emb", numItems + 1, d, 0);
    double bound = 1.0 / Math.sqrt(d);
    params.uniform("gru.w_ih", new Shape(3L * d, d), bound);
    params.uniform("gru.w_hh", new Shape(3L * d, d), bound);
    params.uniform("gru.b_ih", new Shape(3L * d), bound);
    params.uniform("gru.b_hh", new Shape(3L * d), bound);
  }

  @Override
  public Gru4RecConfig config() {
    return config;
  }

  @Override
  public BatchSampler<SequenceBatch> sampler(TrainingData data) {
    return new SequenceSampler(data, config.maxLength(), false);
  }

  private NDArray encode(NDManager m, Weights w, long[] ids, int n, boolean training) {
    int len = config.maxLength();
    int d = config.hiddenSize();
    NDArray x =
        Layers.dropout(
            Layers.embed(m.create(ids, new Shape(n, len)), w.get("item_emb")),
            config.dropout(),
            training);
    NDArray state = m.zeros(new Shape(1, n, d));
    NDList params =
        new NDList(w.get("gru.w_ih"), w.get("gru.w_hh"), w.get("gru.b_ih"), w.get("gru.b_hh"));
    NDArray out =
        x.getNDArrayInternal().gru(x, state, params, true, 1, 0.0, training, false, true).get(0);
    return Layers.dropout(out, config.dropout(), training);
  }

  @Override
  protected NDArray loss(NDManager m, Weights w, SequenceBatch batch) {
    NDArray hidden = encode(m, w, batch.inputs(), batch.size(), true);
    Shape shape = new Shape(batch.size(), batch.length());
    NDArray emb = w.get("item_emb");
    NDArray pos =
        hidden.mul(Layers.embed(m.create(batch.positives(), shape), emb)).sum(new int[] {-1});
    NDArray neg =
        hidden.mul(Layers.embed(m.create(batch.negatives(), shape), emb)).sum(new int[] {-1});
    return Layers.sampledBce(pos, neg, m.create(SasRec.targetMask(batch.positives()), shape));
  }

  @Override
  protected NDArray scores(NDManager m, Weights w, List<int[]> histories) {
    int len = config.maxLength();
    NDArray hidden =
        encode(m, w, SequenceSampler.leftPadded(histories, len), histories.size(), false);
    NDArray last = hidden.get(new NDIndex(":, {}, :", len - 1));
    return Layers.dense(last, w.get("item_emb"), null).get(":, 1:");
  }
}
