package io.palr.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.io.FileFormatException;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.FolderManifest;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.checkpoint.CheckpointException;
import io.palr.retrieval.checkpoint.CheckpointManifest;
import io.palr.retrieval.checkpoint.Checkpoints;
import io.palr.retrieval.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder {@code palr train} writes and {@code recommend}/{@code evaluate} read: {@code
 * model.json} (model type, hyper-parameters, the training data's name and fingerprint) and, for
 * neural models, the trainer's {@code checkpoint/} folder. Non-neural models (pop, itemknn) have no
 * weights; they are refitted from the data, which takes well under a second. A bare checkpoint
 * folder ({@code config.json} + {@code model.safetensors}) is accepted too.
 */
public final class ModelDirectory {
  /** The descriptor file. */
  public static final String DESCRIPTOR = "model.json";

  /** The checkpoint subfolder of neural models. */
  public static final String CHECKPOINT = "checkpoint";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelDirectory() {}

  /**
   * Writes the descriptor.
   *
   * @param dir the model folder
   * @param config the hyper-parameters
   * @param split the training data
   */
  public static void writeDescriptor(Path dir, ModelConfig config, LeaveOneOutSplit split) {
    ObjectNode root = JSON.createObjectNode();
    root.put("modelType", config.type().id());
    root.set("config", JSON.valueToTree(config));
    root.put("dataset", split.dataset().name());
    root.put("datasetFingerprint", split.dataset().fingerprint());
    root.put("numItems", split.numItems());
    try {
      byte[] bytes = JSON.writeValueAsBytes(root);
      AtomicOutput.writeFile(dir.resolve(DESCRIPTOR), tmp -> Files.write(tmp, bytes), tmp -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(DESCRIPTOR), e);
    }
  }

  /**
   * Reads back a model folder just written: the descriptor, and for neural models the whole
   * checkpoint (manifest, sizes, checksums, shapes, finite weights).
   *
   * @param dir the staged folder
   * @param split the data it was trained on
   * @throws IOException if anything is missing or damaged
   */
  public static void verify(Path dir, LeaveOneOutSplit split) throws IOException {
    JsonNode d = JSON.readTree(Files.readAllBytes(dir.resolve(DESCRIPTOR)));
    ModelType type = ModelType.parse(d.path("modelType").asText());
    if (type.neural()) {
      Checkpoints.load(
              dir.resolve(CHECKPOINT), type, split.dataset().fingerprint(), ai.djl.Device.cpu())
          .close();
    }
  }

  /**
   * The model type stored in a model folder.
   *
   * @throws UsageException if the folder is neither a model folder nor a checkpoint
   */
  public static ModelType typeOf(Path dir) {
    return ModelType.parse(readDescriptor(dir).path("modelType").asText());
  }

  /**
   * Restores (neural) or refits (pop, itemknn) the model stored in a folder, for use with the given
   * data.
   *
   * @param dir a folder written by {@code palr train}, or a bare checkpoint folder
   * @param split the data the model will be used with; a neural checkpoint must have been trained
   *     on it
   * @throws UsageException if the folder is missing or not a model folder
   * @throws CheckpointException if the checkpoint is damaged or was trained on other data
   */
  public static ItemScorer open(Path dir, LeaveOneOutSplit split) throws CheckpointException {
    JsonNode d = readDescriptor(dir);
    ModelType type = ModelType.parse(d.path("modelType").asText());
    if (type.neural()) {
      Path checkpoint =
          Files.isRegularFile(dir.resolve(Checkpoints.MANIFEST)) ? dir : dir.resolve(CHECKPOINT);
      return Checkpoints.load(checkpoint, type, split.dataset().fingerprint(), ai.djl.Device.cpu());
    }
    ModelConfig config;
    try {
      config = JSON.treeToValue(d.path("config"), type.configClass());
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckpointException(
          dir, "invalid " + type.id() + " config in " + DESCRIPTOR + ": " + e.getMessage(), e);
    }
    return RetrievalModels.fit(config, split, TrainerConfig.defaults()).scorer();
  }

  private static JsonNode readDescriptor(Path dir) {
    AtomicOutput.recover(dir);
    if (!Files.isDirectory(dir)) {
      throw new UsageException("no such model folder: " + dir + " (train one with 'palr train')");
    }
    Path file = dir.resolve(DESCRIPTOR);
    try {
      FolderManifest.verify(dir);
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      if (root == null || !root.isObject() || !root.path("modelType").isTextual()) {
        throw new UsageException(file + ": not a palr model descriptor (no modelType)");
      }
      return root;
    } catch (NoSuchFileException e) {
      Optional<CheckpointManifest> m = manifest(dir);
      if (m.isPresent()) {
        ObjectNode root = JSON.createObjectNode();
        root.put("modelType", m.get().modelType());
        root.set("config", m.get().config());
        return root;
      }
      throw new UsageException(
          dir
              + " is not a model folder (no "
              + DESCRIPTOR
              + " or "
              + Checkpoints.MANIFEST
              + "); train one with 'palr train'",
          e);
    } catch (FileFormatException e) {
      throw new UsageException(dir + " is damaged: " + e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UsageException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<CheckpointManifest> manifest(Path dir) {
    if (!Files.isRegularFile(dir.resolve(Checkpoints.MANIFEST))) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checkpoints.readManifest(dir));
    } catch (CheckpointException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
