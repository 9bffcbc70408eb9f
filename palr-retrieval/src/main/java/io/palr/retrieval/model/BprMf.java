package io.palr.retrieval.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.palr.retrieval.nn.Layers;
import io.palr.retrieval.nn.ParameterStore;
import io.palr.retrieval.nn.Weights;
import io.palr.retrieval.train.BatchSampler;
import io.palr.retrieval.train.TrainingData;
import java.util.List;

/**
 * BPR-MF (Rendle et al. 2009): score(u, i) = p_u . q_i + b_i trained with the pairwise BPR loss
 * {@code -log sigmoid(s(u,pos) - s(u,neg))}. palr scorers see histories, not user ids, so the user
 * factor is folded in from the history (the mean of per-item user-side factors over the most recent
 * items, FISM-style, the target left out during training); this keeps the model usable for users
 * unseen at training time.
 */
public final class BprMf extends AbstractNeuralModel<ContextBatch> {
  private final BprConfig config;

  /**
   * A freshly initialised model.
   *
   * @param config hyper-parameters
   * @param numItems catalogue size
   * @param device where the weights live
   * @param seed initialisation seed
   */
  public BprMf(BprConfig config, int numItems, Device device, long seed) {
    super(new ParameterStore(device, seed), numItems);
    this.config = config;
    params.normal("user_item_emb", new Shape(numItems + 1, config.factors()), 0.1);
    params.normal("item_emb", new Shape(numItems + 1, config.factors()), 0.1);
    params.constant("item_bias", new Shape(numItems + 1, 1), 0f);
  }

  @Override
  public BprConfig config() {
    return config;
  }

  @Override
  public BatchSampler<ContextBatch> sampler(TrainingData data) {
    return new ContextSampler(data, config.historyLength(), ContextSampler.Mode.ALL_BUT_TARGET);
  }

  /** Fold-in user factors: masked mean of the context's user-side item factors, (n, factors). */
  static NDArray foldIn(NDManager m, NDArray table, long[] context, int n, int len) {
    float[] maskv = new float[context.length];
    for (int i = 0; i < context.length; i++) {
      maskv[i] = context[i] != 0 ? 1f : 0f;
    }
    NDArray mask = m.create(maskv, new Shape(n, len, 1));
    NDArray summed =
        Layers.embed(m.create(context, new Shape(n, len)), table).mul(mask).sum(new int[] {1});
    return summed.div(mask.sum(new int[] {1}).maximum(1f));
  }

  @Override
  protected NDArray loss(NDManager m, Weights w, ContextBatch batch) {
    int n = batch.size();
    NDArray user = foldIn(m, w.get("user_item_emb"), batch.context(), n, batch.length());
    NDArray posIdx = m.create(batch.positives(), new Shape(n));
    NDArray negIdx = m.create(batch.negatives(), new Shape(n));
    NDArray qp = Layers.embed(posIdx, w.get("item_emb"));
    NDArray qn = Layers.embed(negIdx, w.get("item_emb"));
    NDArray sp =
        user.mul(qp).sum(new int[] {1}).add(Layers.embed(posIdx, w.get("item_bias")).reshape(n));
    NDArray sn =
        user.mul(qn).sum(new int[] {1}).add(Layers.embed(negIdx, w.get("item_bias")).reshape(n));
    NDArray loss = Activation.softPlus(sn.sub(sp)).mean();
    if (config.l2() > 0) {
      NDArray reg = user.square().sum().add(qp.square().sum()).add(qn.square().sum());
      loss = loss.add(Layers.scale(reg, config.l2() / n));
    }
    return loss;
  }

  @Override
  protected NDArray scores(NDManager m, Weights w, List<int[]> histories) {
    int n = histories.size();
    long[] ctx = SequenceSampler.leftPadded(histories, config.historyLength());
    NDArray user = foldIn(m, w.get("user_item_emb"), ctx, n, config.historyLength());
    NDArray bias = m.create(0f).add(w.get("item_bias")).reshape(numItems + 1);
    return Layers.dense(user, w.get("item_emb"), bias).get(":, 1:");
  }
}
