package io.palr.retrieval.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
 * Caser (Tang and Wang 2018): the last L items' embeddings form an L x d "image"; horizontal
 * convolutions of every height 1..L (max-pooled over time) capture union-level patterns, vertical
 * convolutions point-level ones; a fully-connected layer maps both to a d-dimensional sequence
 * representation scored against output item embeddings plus biases. Horizontal convolutions are
 * computed as dense layers over stacked windows. palr scorers see histories only, so the user
 * embedding of the paper is left out. Trained pointwise with binary cross-entropy on the next item
 * and one sampled negative.
 */
public final class Caser extends AbstractNeuralModel<ContextBatch> {
  private final CaserConfig config;

  /**
   * A freshly initialised model.
   *
   * @param config hyper-parameters
   * @param numItems catalogue size
   * @param device where the weights live
   * @param seed initialisation seed
   */
  public Caser(CaserConfig config, int numItems, Device device, long seed) {
    super(new ParameterStore(device, seed), numItems);
    this.config = config;
    int d = config.dim();
    int len = config.window();
    params.normal("item_emb", new Shape(numItems + 1, d), 1.0 / d);
    params.xavier("conv_v.w", config.verticalFilters(), len, -1);
    params.constant("conv_v.b", new Shape(config.verticalFilters()), 0f);
    for (int h = 1; h <= len; h++) {
      params.xavier("conv_h" + h + ".w", config.horizontalFilters(), h * d, -1);
      params.constant("conv_h" + h + ".b", new Shape(config.horizontalFilters()), 0f);
    }
    int fcIn = config.verticalFilters() * d + config.horizontalFilters() * len;
    params.xavier("fc.w", d, fcIn, -1);
    params.constant("fc.b", new Shape(d), 0f);
    params.normal("out_emb", new Shape(numItems + 1, d), 1.0 / d);
    params.constant("out_bias", new Shape(numItems + 1, 1), 0f);
  }

  @Override
  public CaserConfig config() {
    return config;
  }

  @Override
  public BatchSampler<ContextBatch> sampler(TrainingData data) {
    return new ContextSampler(data, config.window(), ContextSampler.Mode.PRECEDING);
  }

  /** The sequence representation z, shape (n, d). */
  private NDArray encode(NDManager m, Weights w, long[] ctx, int n, boolean training) {
    int len = config.window();
    int d = config.dim();
    NDArray e = Layers.embed(m.create(ctx, new Shape(n, len)), w.get("item_emb"));
    NDArray vertical =
        Layers.dense(e.transpose(0, 2, 1), w.get("conv_v.w"), w.get("conv_v.b"))
            .reshape(n, (long) d * config.verticalFilters());
    NDList parts = new NDList(vertical);
    for (int h = 1; h <= len; h++) {
      int windows = len - h + 1;
      NDList slices = new NDList();
      for (int j = 0; j < h; j++) {
        slices.add(e.get(new NDIndex(":, {}:{}, :", j, j + windows)));
      }
      NDArray stacked = slices.size() == 1 ? slices.get(0) : NDArrays.concat(slices, 2);
      NDArray conv =
          Layers.relu(
              Layers.dense(stacked, w.get("conv_h" + h + ".w"), w.get("conv_h" + h + ".b")));
      parts.add(conv.max(new int[] {1}));
    }
    NDArray features = Layers.dropout(NDArrays.concat(parts, 1), config.dropout(), training);
    return Layers.relu(Layers.dense(features, w.get("fc.w"), w.get("fc.b")));
  }

  @Override
  protected NDArray loss(NDManager m, Weights w, ContextBatch batch) {
    int n = batch.size();
    NDArray z = encode(m, w, batch.context(), n, true);
    NDArray pos = logits(m, w, z, batch.positives(), n);
    NDArray neg = logits(m, w, z, batch.negatives(), n);
    return Layers.sampledBce(pos, neg, m.ones(new Shape(n)));
  }

  private static NDArray logits(NDManager m, Weights w, NDArray z, long[] items, int n) {
    NDArray idx = m.create(items, new Shape(n));
    return z.mul(Layers.embed(idx, w.get("out_emb")))
        .sum(new int[] {1})
        .add(Layers.embed(idx, w.get("out_bias")).reshape(n));
  }

  @Override
  protected NDArray scores(NDManager m, Weights w, List<int[]> histories) {
    int n = histories.size();
    NDArray z = encode(m, w, SequenceSampler.leftPadded(histories, config.window()), n, false);
    NDArray bias = m.create(0f).add(w.get("out_bias")).reshape(numItems + 1);
    return Layers.dense(z, w.get("out_emb"), bias).get(":, 1:");
  }
}
