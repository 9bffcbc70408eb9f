package io.palr.retrieval;

import ai.djl.Device;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.model.BprConfig;
import io.palr.retrieval.model.BprMf;
import io.palr.retrieval.model.Caser;
import io.palr.retrieval.model.CaserConfig;
import io.palr.retrieval.model.Gru4Rec;
import io.palr.retrieval.model.Gru4RecConfig;
import io.palr.retrieval.model.NcfConfig;
import io.palr.retrieval.model.NeuMf;
import io.palr.retrieval.model.SasRec;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.ItemKnnScorer;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainableModel;
import io.palr.retrieval.train.Trainer;
import io.palr.retrieval.train.TrainerConfig;
import io.palr.retrieval.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Factory of retrieval models by name or config: builds, trains and fits them. */
public final class RetrievalModels {
  private RetrievalModels() {}

  /**
   * A fitted model: the scorer and, for neural models, how training went. Close it to free native
   * memory.
   *
   * @param scorer the fitted scorer (a {@link TrainableModel} for neural models)
   * @param training the training run, empty for non-neural models
   */
  public record Fitted(ItemScorer scorer, Optional<TrainingResult> training)
      implements AutoCloseable {
    /** Frees the model's native memory, if any. */
    @Override
    public void close() {
      if (scorer instanceof TrainableModel<?> m) {
        m.close();
      }
    }
  }

  /**
   * The default hyper-parameters of the model with this name
   * (sasrec|bpr|ncf|gru4rec|caser|pop|itemknn).
   */
  public static ModelConfig defaults(String name) {
    return ModelType.parse(name).defaultConfig();
  }

  /**
   * A freshly initialised neural model.
   *
   * @param config hyper-parameters of a neural model type
   * @param numItems catalogue size
   * @param device where the weights live
   * @param seed initialisation seed
   * @throws IllegalArgumentException for a non-neural config
   */
  public static TrainableModel<?> create(
      ModelConfig config, int numItems, Device device, long seed) {
    ModelMemory.require(config, numItems, ModelMemory.inferenceBytes(config, numItems, 256));
    if (config instanceof SasRecConfig c) {
      return new SasRec(c, numItems, device, seed);
    } else if (config instanceof BprConfig c) {
      return new BprMf(c, numItems, device, seed);
    } else if (config instanceof NcfConfig c) {
      return new NeuMf(c, numItems, device, seed);
    } else if (config instanceof Gru4RecConfig c) {
      return new Gru4Rec(c, numItems, device, seed);
    } else if (config instanceof CaserConfig c) {
      return new Caser(c, numItems, device, seed);
    }
    throw new IllegalArgumentException(config.type().id() + " is not a neural model");
  }

  /**
   * Fits a model on the training part of a split: trains neural models with {@code trainer} (on the
   * CPU), builds popularity counts or the co-occurrence graph otherwise.
   */
  public static Fitted fit(ModelConfig config, LeaveOneOutSplit split, TrainerConfig trainer) {
    return fit(config, split, trainer, Device.cpu());
  }

  /**
   * As {@link #fit(ModelConfig, LeaveOneOutSplit, TrainerConfig)}, with the weights on {@code
   * device}.
   */
  public static Fitted fit(
      ModelConfig config, LeaveOneOutSplit split, TrainerConfig trainer, Device device) {
    List<int[]> train = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      train.add(split.train(u));
    }
    if (config instanceof io.palr.retrieval.simple.PopularityConfig) {
      return new Fitted(PopularityScorer.fit(split.numItems(), train), Optional.empty());
    }
    if (config instanceof ItemKnnConfig c) {
      return new Fitted(ItemKnnScorer.fit(split.numItems(), train, c), Optional.empty());
    }
    ModelMemory.require(
        config,
        split.numItems(),
        ModelMemory.trainingBytes(config, split.numItems(), trainer.batchSize()));
    TrainableModel<?> model = create(config, split.numItems(), device, trainer.seed());
    try {
      TrainingResult result = new Trainer(trainer).fit(model, split);
      return new Fitted(model, Optional.of(result));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
