package io.palr.spark.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.checkpoint.CheckpointException;
import io.palr.retrieval.checkpoint.Checkpoints;
import io.palr.retrieval.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the model folders {@code palr train} writes ({@code model.json} with the model type and
 * hyper-parameters, plus {@code checkpoint/} for neural models) or a bare checkpoint folder, on an
 * executor: neural models are restored (and must have been trained on the same data), pop and
 * ItemKNN are refitted from the data, which takes well under a second.
 */
final class ModelFolder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFolder() {}

  static ItemScorer open(Path dir, LeaveOneOutSplit split) throws IOException {
    if (Files.isRegularFile(dir.resolve(Checkpoints.MANIFEST))) {
      return Checkpoints.load(dir, split.dataset().fingerprint(), ai.djl.Device.cpu());
    }
    Path descriptor = dir.resolve("model.json");
    if (!Files.isRegularFile(descriptor)) {
      throw new IOException(
          dir + " is not a model folder (no model.json or " + Checkpoints.MANIFEST + ")");
    }
    JsonNode d = JSON.readTree(Files.readAllBytes(descriptor));
    ModelType type = ModelType.parse(d.path("modelType").asText());
    if (type.neural()) {
      return Checkpoints.load(
          dir.resolve("checkpoint"), type, split.dataset().fingerprint(), ai.djl.Device.cpu());
    }
    ModelConfig config;
    try {
      config = JSON.treeToValue(d.path("config"), type.configClass());
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckpointException(
          dir, "invalid " + type.id() + " config in model.json: " + e.getMessage(), e);
    }
    return RetrievalModels.fit(config, split, TrainerConfig.defaults()).scorer();
  }

  /** The model type stored in a folder, for names and provenance. */
  static String typeOf(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(Checkpoints.MANIFEST))) {
      return Checkpoints.readManifest(dir).modelType();
    }
    return JSON.readTree(Files.readAllBytes(dir.resolve("model.json"))).path("modelType").asText();
  }
}
