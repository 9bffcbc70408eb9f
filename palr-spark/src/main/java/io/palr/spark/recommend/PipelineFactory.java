package io.palr.spark.recommend;

import io.palr.api.ProfileGenerator;
import io.palr.api.llm.LanguageModel;
import io.palr.api.scoring.ItemScorer;
import io.palr.core.pipeline.Palr;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.profile.LlmProfileGenerator;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.snapshot.DatasetSnapshot;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.SparkFiles;

/**
 * The serialisable recipe of palr's pipeline on an executor: the data set (a palr snapshot: its
 * catalogue, its split for the cold-start popularity and for refitting pop or ItemKNN), the
 * retriever (a model folder from {@code palr train}, or a model fitted on the spot), and optionally
 * an LLM ranker and LLM profiles. Each executor builds it once ({@link ExecutorResources}).
 *
 * <p>Paths must be readable on every executor: a shared file system, or files shipped with {@code
 * spark-submit --files} and named here by file name (they are looked up with {@link SparkFiles}
 * when the path does not exist as given).
 *
 * @param data the snapshot path
 * @param modelDir a model folder, or null to fit {@code modelType} on the spot
 * @param modelType the model fitted when there is no folder (pop or itemknn are quick)
 * @param numCandidates candidates per user (the LLM's list)
 * @param retrievalBatch users per retrieval call
 * @param llm the LLM ranker, or null for retriever order
 * @param domain the prompt wording: movies, products or games
 * @param latencyBudget the per-user LLM budget
 * @param rankerThreads concurrent LLM requests per executor
 */
public record PipelineFactory(
    String data,
    String modelDir,
    String modelType,
    int numCandidates,
    int retrievalBatch,
    LlmSpec llm,
    String domain,
    Duration latencyBudget,
    int rankerThreads)
    implements ExecutorResources.Factory<PalrPipeline> {
  private static final long serialVersionUID = 1L;

  /** Validates the components. */
  public PipelineFactory {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(modelType, "modelType");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(latencyBudget, "latencyBudget");
    if (numCandidates < 1 || retrievalBatch < 1 || rankerThreads < 1) {
      throw new IllegalArgumentException(
          "numCandidates, retrievalBatch and rankerThreads must be >= 1");
    }
  }

  /**
   * A factory for a snapshot and a model folder (or, with a null folder, ItemKNN fitted on the
   * spot).
   */
  public static PipelineFactory of(String data, String modelDir) {
    return new PipelineFactory(
        data,
        modelDir,
        "itemknn",
        50,
        Palr.DEFAULT_RETRIEVAL_BATCH,
        null,
        "movies",
        Duration.ofSeconds(30),
        1);
  }

  /** This factory fitting another model type when there is no model folder. */
  public PipelineFactory withModelType(String type) {
    return new PipelineFactory(
        data,
        modelDir,
        type,
        numCandidates,
        retrievalBatch,
        llm,
        domain,
        latencyBudget,
        rankerThreads);
  }

  /** This factory with another candidate count. */
  public PipelineFactory withNumCandidates(int n) {
    return new PipelineFactory(
        data, modelDir, modelType, n, retrievalBatch, llm, domain, latencyBudget, rankerThreads);
  }

  /** This factory with another retrieval batch size. */
  public PipelineFactory withRetrievalBatch(int n) {
    return new PipelineFactory(
        data, modelDir, modelType, numCandidates, n, llm, domain, latencyBudget, rankerThreads);
  }

  /** This factory with an LLM ranker. */
  public PipelineFactory withLlm(LlmSpec spec, String domain, Duration budget, int threads) {
    return new PipelineFactory(
        data, modelDir, modelType, numCandidates, retrievalBatch, spec, domain, budget, threads);
  }

  @Override
  public String key() {
    return "palr-pipeline " + this;
  }

  /** The retriever's name in provenance: the model type. */
  public String retrieverName() {
    return modelDir == null ? modelType : "model-dir";
  }

  @Override
  public PalrPipeline create() throws Exception {
    InteractionDataset dataset = DatasetSnapshot.read(resolve(data)).dataset();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(dataset);
    ItemScorer scorer;
    String name;
    if (modelDir != null) {
      Path dir = resolve(modelDir);
      scorer = ModelFolder.open(dir, split);
      name = ModelFolder.typeOf(dir);
    } else {
      ModelType type = ModelType.parse(modelType);
      scorer = RetrievalModels.fit(type.defaultConfig(), split, TrainerConfig.defaults()).scorer();
      name = type.id();
    }
    ScorerRetriever retriever =
        new ScorerRetriever(name, scorer, dataset.catalog(), popularity(split));
    Palr.Builder b =
        Palr.builder()
            .retriever(retriever)
            .catalog(dataset.catalog())
            .numCandidates(numCandidates)
            .retrievalBatchSize(retrievalBatch)
            .latencyBudget(latencyBudget)
            .rankerThreads(rankerThreads);
    LanguageModel lm = null;
    try {
      if (llm != null) {
        lm = llm.open();
        Domain d = promptDomain();
        PalrPromptTemplate template =
            PalrPromptTemplate.builder(d).budgetFor(lm, llm.responseTokens()).build();
        b.ranker(RankerKind.valueOf(llm.ranker().toUpperCase(Locale.ROOT)), lm, template);
        ProfileGenerator profiles =
            llm.llmProfiles()
                ? LlmProfileGenerator.builder(lm, template).build()
                : new AttributeProfileGenerator();
        b.profileGenerator(profiles);
      }
      return new PalrPipeline(dataset, split, scorer, lm, b.build());
    } catch (Exception | Error e) {
      if (lm != null) {
        lm.close();
      }
      throw e;
    }
  }

  private Domain promptDomain() {
    return switch (domain.toLowerCase(Locale.ROOT)) {
      case "products" -> Domain.PRODUCTS;
      case "games" -> Domain.GAMES;
      default -> Domain.MOVIES;
    };
  }

  /**
   * Item popularity over the split's training sequences: the cold-start fallback, as {@code palr
   * recommend} uses.
   */
  static PopularityScorer popularity(LeaveOneOutSplit split) {
    List<int[]> train = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      train.add(split.train(u));
    }
    return PopularityScorer.fit(split.numItems(), train);
  }

  /** A path as given when it exists here, else a file shipped with {@code --files}. */
  static Path resolve(String path) {
    Path p = Path.of(path);
    if (p.toFile().exists()) {
      return p;
    }
    try {
      Path shipped = Path.of(SparkFiles.get(p.getFileName().toString()));
      if (shipped.toFile().exists()) {
        return shipped;
      }
    } catch (RuntimeException notInSpark) {
      // no SparkEnv (not on an executor): report the path as given
    }
    return p;
  }
}
