package io.palr.cli.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.palr.cli.support.UsageException;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.TrainingPreset;
import io.palr.retrieval.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which retrieval model to build and how to train it: model type, hyper-parameters and trainer
 * settings.
 */
public final class ModelOptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The model type. */
  @Option(
      names = {"-m", "--model"},
      paramLabel = "MODEL",
      description =
          "Retriever: sasrec, bpr, ncf, gru4rec, caser, pop or itemknn (train: default sasrec;"
              + " recommend/evaluate without --model-dir: default itemknn).")
  public String model;

  /** Hyper-parameter overrides. */
  @Option(
      names = {"-P", "--param"},
      paramLabel = "NAME=VALUE",
      split = ",",
      description =
          "Model hyper-parameter, e.g. -P hiddenSize=64 -P blocks=1 (names as in 'palr train --list-params').")
  public Map<String, String> params = new LinkedHashMap<>();

  /** A named preset of model and trainer settings. */
  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Model hyper-parameters and trainer settings of one row of the quality table in"
              + " docs/benchmarks.md, e.g. sasrec-beauty or bpr-ml100k (MODEL-DATASET; list them"
              + " with --list-presets). Options given explicitly win over the preset.")
  public String preset;

  /** Maximum epochs. */
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Maximum training epochs (default: 200, or the preset's).")
  public Integer epochs;

  /** Batch size. */
  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Mini-batch size (default: 128, or the preset's).")
  public Integer batchSize;

  /** Learning rate. */
  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "Adam learning rate (default: 0.001, or the preset's).")
  public Float learningRate;

  /** Early-stopping patience in epochs. */
  @Option(
      names = "--patience",
      paramLabel = "EPOCHS",
      description =
          "Stop when validation NDCG@10 has not improved for EPOCHS epochs (checked at each"
              + " validation; default: 10, or the preset's).")
  public Integer patience;

  /** Validation period. */
  @Option(
      names = "--eval-every",
      paramLabel = "N",
      description = "Validate every N epochs (default: 2, or the preset's).")
  public Integer evalEvery;

  /** Validation sample size. */
  @Option(
      names = "--validation-users",
      paramLabel = "N",
      description =
          "Users sampled for validation NDCG@10; 0 = all (default: 0; a sample makes early"
              + " stopping follow its noise).")
  public Integer validationUsers;

  /** Training seed. */
  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description =
          "Seed of initialisation, sampling and dropout, and of sampled evaluation negatives"
              + " (default: 42).")
  public Long seed;

  /** Wall-time budget of training. */
  @Option(
      names = "--max-seconds",
      paramLabel = "S",
      description = "Start no new epoch after S seconds of training; 0 = no limit (default: 0).")
  public Long maxSeconds;

  /** Whether to hide the training progress bar. */
  @Option(names = "--no-progress", description = "Do not draw the training progress bar.")
  public boolean noProgress;

  /** Creates the options; picocli fills the fields. */
  public ModelOptions() {}

  /**
   * The model type named by {@code --model}.
   *
   * @throws UsageException for an unknown name
   */
  public ModelType type() {
    return typeOr(ModelType.SASREC);
  }

  /**
   * The model type named by {@code --model}, else the preset's, else {@code fallback}.
   *
   * @throws UsageException for an unknown name, or a model that is not the preset's
   */
  public ModelType typeOr(ModelType fallback) {
    Optional<TrainingPreset> p = preset();
    if (model == null) {
      return p.map(TrainingPreset::type).orElse(fallback);
    }
    ModelType type = parseType(model);
    if (p.isPresent() && p.get().type() != type) {
      throw new UsageException(
          "--model "
              + model
              + " does not match --preset "
              + preset
              + " (a "
              + p.get().type().id()
              + " preset)");
    }
    return type;
  }

  /**
   * The preset named by {@code --preset}.
   *
   * @throws UsageException for an unknown name, listing the known ones
   */
  public Optional<TrainingPreset> preset() {
    if (preset == null) {
      return Optional.empty();
    }
    return Optional.of(
        TrainingPreset.named(preset)
            .orElseThrow(
                () ->
                    new UsageException(
                        "unknown --preset '"
                            + preset
                            + "'; known: "
                            + String.join(
                                ", ",
                                TrainingPreset.all().stream()
                                    .map(TrainingPreset::name)
                                    .toList()))));
  }

  /** The seed: {@code --seed}, else the preset's, else 42. */
  public long seed() {
    return seed != null ? seed : preset().map(p -> p.trainer().seed()).orElse(42L);
  }

  /**
   * A model type by name.
   *
   * @throws UsageException for an unknown name, listing the known ones
   */
  public static ModelType parseType(String name) {
    try {
      return ModelType.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * The model's default hyper-parameters with the {@code --param} overrides applied.
   *
   * @throws UsageException for an unknown parameter name or an invalid value
   */
  public ModelConfig config() {
    return config(type());
  }

  /**
   * The hyper-parameters of the given type (the preset's when it is the preset's model, else the
   * type's defaults) with the {@code --param} overrides applied.
   */
  public ModelConfig config(ModelType type) {
    Optional<TrainingPreset> p = preset().filter(x -> x.type() == type);
    return p.isPresent()
        ? withParams(p.get().model(), params)
        : withParams(type.defaultConfig(), params);
  }

  /**
   * A model type's defaults with overrides applied by field name.
   *
   * @throws UsageException for an unknown parameter name or an invalid value
   */
  public static ModelConfig withParams(ModelType type, Map<String, String> overrides) {
    return withParams(type.defaultConfig(), overrides);
  }

  /**
   * A model configuration with overrides applied by field name.
   *
   * @throws UsageException for an unknown parameter name or an invalid value
   */
  public static ModelConfig withParams(ModelConfig base, Map<String, String> overrides) {
    ModelType type = base.type();
    ObjectNode tree = JSON.valueToTree(base);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!tree.has(e.getKey())) {
        throw new UsageException(
            "model "
                + type.id()
                + " has no parameter '"
                + e.getKey()
                + "'; its parameters: "
                + String.join(", ", fieldNames(tree)));
      }
      tree.set(e.getKey(), scalar(e.getValue()));
    }
    try {
      return JSON.treeToValue(tree, type.configClass());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new UsageException(
          "invalid " + type.id() + " parameters " + overrides + ": " + root.getMessage(), e);
    }
  }

  /**
   * The hyper-parameters of a model type with their default values, as {@code name=value} strings.
   */
  public static List<String> describeDefaults(ModelType type) {
    List<String> out = new ArrayList<>();
    JsonNode tree = JSON.valueToTree(type.defaultConfig());
    tree.properties().forEach(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
    return out;
  }

  /**
   * The trainer settings: the preset's (or {@link TrainerConfig#defaults()}) with every option
   * given applied, and a progress bar on standard error unless {@code --no-progress} was given.
   *
   * @throws UsageException for invalid values
   */
  public TrainerConfig trainer() {
    TrainerConfig t = preset().map(TrainingPreset::trainer).orElse(TrainerConfig.defaults());
    try {
      return t.withMaxEpochs(epochs != null ? epochs : t.maxEpochs())
          .withBatchSize(batchSize != null ? batchSize : t.batchSize())
          .withLearningRate(learningRate != null ? learningRate : t.learningRate())
          .withEarlyStopping(
              patience != null ? patience : t.patience(),
              evalEvery != null ? evalEvery : t.evalEvery())
          .withValidationUsers(validationUsers != null ? validationUsers : t.validationUsers())
          .withSeed(seed())
          .withMaxSeconds(maxSeconds != null ? maxSeconds : t.maxSeconds())
          .withProgressBar(!noProgress);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** The presets, one {@code name: description} line each. */
  public static List<String> describePresets() {
    return TrainingPreset.all().stream().map(p -> p.name() + ": " + p.description()).toList();
  }

  private static List<String> fieldNames(JsonNode tree) {
    List<String> names = new ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode scalar(String value) {
    try {
      JsonNode n = JSON.readTree(value);
      return n != null && n.isValueNode() ? n : TextNode.valueOf(value);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(value);
    }
  }
}
