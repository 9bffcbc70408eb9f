package io.palr.cli.options;

import io.palr.api.CandidateRetriever;
import io.palr.api.scoring.ItemScorer;
import io.palr.cli.support.ModelDirectory;
import io.palr.cli.support.UsageException;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.experiment.HybridTuning;
import io.palr.eval.protocol.UserSelection;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.hybrid.HybridRetriever;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainableModel;
import io.palr.text.ItemEmbeddings;
import io.palr.text.OnnxTextEncoder;
import io.palr.text.TextEmbeddingRetriever;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The candidate retriever of a command: a model folder written by {@code palr train} ({@code
 * --model-dir}), or a model fitted on the spot ({@code --model}, default itemknn, with the {@link
 * ModelOptions} hyper-parameters); or, with {@code --retriever text|hybrid}, item text through the
 * pretrained sentence encoder of palr-text alone or fused with that model.
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

  /** model, text or hybrid. */
  @Option(
      names = "--retriever",
      paramLabel = "KIND",
      defaultValue = "model",
      description =
          "Candidate retriever: model (--model-dir or --model), text (item text through"
              + " all-MiniLM-L6-v2; needs no training and reaches items nobody has interacted"
              + " with) or hybrid (the model and text fused by reciprocal rank; the text weight"
              + " is chosen on validation users unless --text-weight is given) (default:"
              + " ${DEFAULT-VALUE}).")
  public String retriever = "model";

  /** The text weight of the hybrid, or null to choose it on validation users. */
  @Option(
      names = "--text-weight",
      paramLabel = "W",
      description =
          "Weight of text in --retriever hybrid (the model has weight 1); default: the best of "
              + "the best of reciprocal-rank and score fusion with weights 0 to 16 on 200 validation users.")
  public Double textWeight;

  /** Creates the options; picocli fills the fields. */
  public RetrieverOptions() {}

  /**
   * An opened retriever; close it to free the model's native memory.
   *
   * @param retriever the candidate retriever
   * @param scorer the model behind it (null for --retriever text)
   * @param type the model type (null for --retriever text)
   * @param note how the text vectors and the hybrid were made, or empty
   */
  public record Opened(CandidateRetriever retriever, ItemScorer scorer, ModelType type, String note)
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
    return open(split, null);
  }

  /**
   * Opens the retriever {@code --retriever} names.
   *
   * @param split the data set's split
   * @param snapshot the data set's snapshot file, beside which item text vectors are cached (null =
   *     no cache)
   * @throws UsageException for an unknown --retriever or a bad --text-weight
   */
  public Opened open(LeaveOneOutSplit split, Path snapshot) throws Exception {
    String kind = retriever.strip().toLowerCase(Locale.ROOT);
    if (!List.of("model", "text", "hybrid").contains(kind)) {
      throw new UsageException(
          "unknown --retriever '" + retriever + "': use model, text or hybrid");
    }
    if (textWeight != null && (!kind.equals("hybrid") || !(textWeight >= 0))) {
      throw new UsageException(
          kind.equals("hybrid")
              ? "--text-weight must be a number >= 0: " + textWeight
              : "--text-weight applies to --retriever hybrid only");
    }
    PopularityScorer popularity = popularity(split);
    TextEmbeddingRetriever text = null;
    String note = "";
    if (!kind.equals("model")) {
      ItemEmbeddings vectors;
      try (OnnxTextEncoder encoder = OnnxTextEncoder.create()) {
        Path cache =
            snapshot == null
                ? null
                : snapshot.resolveSibling(
                    snapshot.getFileName()
                        + ".text-"
                        + encoder.model().name().toLowerCase(Locale.ROOT)
                        + ".emb");
        vectors = ItemEmbeddings.compute(split.catalog().items(), encoder, cache);
      }
      text =
          TextEmbeddingRetriever.builder(split.catalog(), vectors)
              .fallbackScores(popularity.scoreAll(List.of(new int[0]))[0])
              .build();
      note = "text vectors: " + vectors.stats().describe();
      if (kind.equals("text")) {
        return new Opened(text, null, null, note);
      }
    }
    Opened model = openModel(split, popularity);
    if (kind.equals("model")) {
      return model;
    }
    HybridRetriever hybrid;
    if (textWeight != null) {
      hybrid =
          HybridRetriever.builder()
              .add(model.retriever(), 1, HybridTuning.trainedOn(split))
              .add(text, textWeight)
              .build();
      note += "; hybrid " + hybrid.describe() + " (--text-weight)";
    } else {
      HybridTuning tuning =
          HybridTuning.tune(
              split,
              model.retriever(),
              HybridTuning.trainedOn(split),
              text,
              HybridTuning.GRID,
              UserSelection.random(200, 42).select(split.numUsers()),
              10);
      hybrid = tuning.chosen();
      note += "; " + tuning.describe();
    }
    return new Opened(hybrid, model.scorer(), model.type(), note);
  }

  private Opened openModel(LeaveOneOutSplit split, PopularityScorer popularity) throws Exception {
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
        new ScorerRetriever(type.id(), scorer, split.catalog(), popularity), scorer, type, "");
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
