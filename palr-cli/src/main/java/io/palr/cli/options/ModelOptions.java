package io.palr.cli.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.palr.cli.support.UsageException;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** Maximum epochs. */
  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "200",
      description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
  public int epochs;

  /** Batch size. */
  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "128",
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  public int batchSize;

  /** Learning rate. */
  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "0.001",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  public float learningRate;

  /** Early-stopping patience. */
  @Option(
      names = "--patience",
      paramLabel = "N",
      defaultValue = "5",
      description = "Stop after N validations without improvement (default: ${DEFAULT-VALUE}).")
  public int patience;

  /** Validation period. */
  @Option(
      names = "--eval-every",
      paramLabel = "N",
      defaultValue = "2",
      description = "Validate every N epochs (default: ${DEFAULT-VALUE}).")
  public int evalEvery;

  /** Validation sample size. */
  @Option(
      names = "--validation-users",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Users sampled for validation NDCG@10; 0 = all (default: ${DEFAULT-VALUE}).")
  public int validationUsers;

  /** Training seed. */
  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of initialisation, sampling and dropout (default: ${DEFAULT-VALUE}).")
  public long seed;

  /** Wall-time budget of training. */
  @Option(
      names = "--max-seconds",
      paramLabel = "S",
      defaultValue = "0",
      description =
          "Start no new epoch after S seconds of training; 0 = no limit (default: ${DEFAULT-VALUE}).")
  public long maxSeconds;

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
    return model == null ? ModelType.SASREC : parseType(model);
  }

  /** The model type named by {@code --model}, or {@code fallback} when none was given. */
  public ModelType typeOr(ModelType fallback) {
    return model == null ? fallback : parseType(model);
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
    return withParams(type(), params);
  }

  /** The hyper-parameters of the given type with the {@code --param} overrides applied. */
  public ModelConfig config(ModelType type) {
    return withParams(type, params);
  }

  /**
   * A model type's defaults with overrides applied by field name.
   *
   * @throws UsageException for an unknown parameter name or an invalid value
   */
  public static ModelConfig withParams(ModelType type, Map<String, String> overrides) {
    ObjectNode tree = JSON.valueToTree(type.defaultConfig());
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
   * The trainer settings, with a progress bar on standard error unless {@code --no-progress} was
   * given.
   *
   * @throws UsageException for invalid values
   */
  public TrainerConfig trainer() {
    try {
      return TrainerConfig.defaults()
          .withMaxEpochs(epochs)
          .withBatchSize(batchSize)
          .withLearningRate(learningRate)
          .withEarlyStopping(patience, evalEvery)
          .withValidationUsers(validationUsers)
          .withSeed(seed)
          .withMaxSeconds(maxSeconds)
          .withProgressBar(!noProgress);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
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
