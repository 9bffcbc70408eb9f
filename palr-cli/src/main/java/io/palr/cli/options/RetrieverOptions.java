package io.palr.cli.options;

import io.palr.api.scoring.ItemScorer;
import io.palr.cli.support.ModelDirectory;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The candidate retriever of a command: a model folder written by {@code palr train} ({@code
 * --model-dir}), or a model fitted on the spot ({@code --model}, default itemknn, with the {@link
 * ModelOptions} hyper-parameters).
 */
public final class RetrieverOptions {
  /** A trained model folder. */
  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = "Retriever folder written by 'palr train'.")
  public Path modelDir;

  /** How to build a retriever when no folder is given. */
  @Mixin public ModelOptions model;

  /** Creates the options; picocli fills the fields. */
  public RetrieverOptions() {}

  /**
   * An opened retriever; close it to free the model's native memory.
   *
   * @param retriever the retriever over the data set's catalogue
   * @param scorer the model behind it
   * @param type the model type
   */
  public record Opened(ScorerRetriever retriever, ItemScorer scorer, ModelType type)
      implements AutoCloseable {
    @Override
    public void close() {
      if (scorer instanceof TrainableModel<?> m) {
        m.close();
      }
    }
  }

  /**
   * Opens (from {@code --model-dir}) or fits (from {@code --model}) the retriever for a data set.
   *
   * @param split the data set's split; a trained model must have been trained on it
   */
  public Opened open(LeaveOneOutSplit split) throws Exception {
    ItemScorer scorer;
    ModelType type;
    if (modelDir != null) {
      type = ModelDirectory.typeOf(modelDir);
      scorer = ModelDirectory.open(modelDir, split);
    } else {
      type = model.typeOr(ModelType.ITEMKNN);
      ModelConfig config = model.config(type);
      scorer = RetrievalModels.fit(config, split, model.trainer()).scorer();
    }
    return new Opened(
        new ScorerRetriever(type.id(), scorer, split.catalog(), popularity(split)), scorer, type);
  }

  /** Item popularity over the split's training sequences: the cold-start fallback. */
  public static PopularityScorer popularity(LeaveOneOutSplit split) {
    List<int[]> train = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      train.add(split.train(u));
    }
    return PopularityScorer.fit(split.numItems(), train);
  }
}
