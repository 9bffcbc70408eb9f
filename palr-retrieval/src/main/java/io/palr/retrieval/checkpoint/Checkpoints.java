package io.palr.retrieval.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.palr.io.FileFormatException;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.FolderManifest;
import io.palr.io.safetensors.DType;
import io.palr.io.safetensors.NonFiniteTensorException;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.io.safetensors.SafetensorsFormatException;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.io.safetensors.TensorInfo;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.train.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Saves and restores neural retrievers. A checkpoint is a directory with {@code model.safetensors}
 * (every weight as F32, by parameter name), {@code config.json} (a {@link CheckpointManifest}:
 * model type, hyper-parameters, the training data's fingerprint and the weights' shapes) and {@code
 * palr-manifest.json} (each file's size and SHA-256, {@link FolderManifest}). The folder is written
 * as a whole through {@link AtomicOutput}: staged, read back, then swapped in, so an interrupted
 * save leaves the previous checkpoint. Weights that are NaN or infinite are refused on save (a
 * diverged run never replaces a checkpoint) and on load.
 *
 * <p>Loading validates everything before any byte reaches the engine: the manifest, the model type,
 * the data-set fingerprint, file sizes and checksums, the safetensors header against the file size,
 * and every tensor's name, dtype, shape and finiteness against the freshly built model. Any
 * mismatch is a {@link CheckpointException}, never a native crash.
 */
public final class Checkpoints {
  /** Manifest format tag. */
  public static final String FORMAT = "palr-retrieval-checkpoint/1";

  /** File name of the weights. */
  public static final String WEIGHTS = "model.safetensors";

  /** File name of the manifest. */
  public static final String MANIFEST = "config.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Checkpoints() {}

  /**
   * Writes {@code model} to {@code dir} (created if needed), replacing any checkpoint there.
   *
   * @param model the model
   * @param datasetFingerprint fingerprint of the data the model was trained on
   * @param dir the checkpoint directory
   * @throws UncheckedIOException if the files cannot be written
   */
  public static void save(TrainableModel<?> model, String datasetFingerprint, Path dir) {
    Objects.requireNonNull(datasetFingerprint, "datasetFingerprint");
    try {
      AtomicOutput.writeFolder(
          dir,
          staged -> {
            SafetensorsWriter writer = new SafetensorsWriter().requireFinite();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : model.parameters().all().entrySet()) {
              long[] shape = p.getValue().getShape().getShape();
              writer.putFloats(p.getKey(), p.getValue().toFloatArray(), shape);
              shapes.put(p.getKey(), shape);
            }
            ModelConfig config = model.config();
            writer
                .metadata("format", FORMAT)
                .metadata("model_type", config.type().id())
                .metadata("dataset_fingerprint", datasetFingerprint);
            writer.write(staged.resolve(WEIGHTS));
            CheckpointManifest manifest =
                new CheckpointManifest(
                    FORMAT,
                    config.type().id(),
                    datasetFingerprint,
                    model.numItems(),
                    JSON.valueToTree(config),
                    shapes);
            Files.write(staged.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
          },
          staged -> {
            CheckpointManifest back = readManifest(staged);
            try (SafetensorsFile file = SafetensorsFile.open(staged.resolve(WEIGHTS))) {
              if (!file.names().equals(back.parameters().keySet())) {
                throw new CheckpointException(staged, "weights and manifest disagree");
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and validates a checkpoint's manifest.
   *
   * @throws CheckpointException if it is missing, malformed or of an unknown format or model type
   */
  public static CheckpointManifest readManifest(Path dir) throws CheckpointException {
    AtomicOutput.recover(dir);
    Path file = dir.resolve(MANIFEST);
    CheckpointManifest m;
    try {
      m = JSON.readValue(Files.readAllBytes(file), CheckpointManifest.class);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(dir, "no " + MANIFEST + " (not a checkpoint directory?)", e);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(
          dir, MANIFEST + " is not a valid manifest: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CheckpointException(dir, "cannot read " + MANIFEST + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(m.format())) {
      throw new CheckpointException(dir, "format '" + m.format() + "' is not " + FORMAT);
    }
    if (m.modelType() == null
        || m.config() == null
        || m.parameters() == null
        || m.datasetFingerprint() == null) {
      throw new CheckpointException(
          dir, MANIFEST + " lacks modelType, config, parameters or datasetFingerprint");
    }
    try {
      ModelType.parse(m.modelType());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(dir, e.getMessage(), e);
    }
    return m;
  }

  /**
   * Restores a model, checking that it is of the expected type and was trained on the expected
   * data.
   *
   * @param dir the checkpoint directory
   * @param expectedType the model type the caller wants
   * @param datasetFingerprint fingerprint of the data the caller will use the model with
   * @param device where to put the weights
   * @throws CheckpointException if anything does not match or the files are damaged
   */
  public static TrainableModel<?> load(
      Path dir, ModelType expectedType, String datasetFingerprint, Device device)
      throws CheckpointException {
    CheckpointManifest m = readManifest(dir);
    if (!expectedType.id().equals(m.modelType())) {
      throw new CheckpointException(
          dir, "holds a '" + m.modelType() + "' model, not '" + expectedType.id() + "'");
    }
    return load(dir, datasetFingerprint, device);
  }

  /**
   * Restores a model of whatever type the checkpoint holds, checking that it was trained on the
   * expected data.
   *
   * @param dir the checkpoint directory
   * @param datasetFingerprint fingerprint of the data the caller will use the model with
   * @param device where to put the weights
   * @throws CheckpointException if anything does not match or the files are damaged
   */
  public static TrainableModel<?> load(Path dir, String datasetFingerprint, Device device)
      throws CheckpointException {
    CheckpointManifest m = readManifest(dir);
    if (!m.datasetFingerprint().equals(datasetFingerprint)) {
      throw new CheckpointException(
          dir,
          "was trained on data set fingerprint "
              + m.datasetFingerprint()
              + " but this data set's fingerprint is "
              + datasetFingerprint);
    }
    ModelType type = ModelType.parse(m.modelType());
    if (!type.neural()) {
      throw new CheckpointException(
          dir, "model type '" + type.id() + "' has no weights to restore");
    }
    ModelConfig config;
    try {
      config = JSON.treeToValue(m.config(), type.configClass());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CheckpointException(dir, "invalid " + type.id() + " config: " + e.getMessage(), e);
    }
    if (m.numItems() < 1) {
      throw new CheckpointException(dir, "numItems must be >= 1: " + m.numItems());
    }
    Path weights = dir.resolve(WEIGHTS);
    try {
      FolderManifest.verify(dir);
    } catch (FileFormatException e) {
      throw new CheckpointException(dir, e.getMessage(), e);
    } catch (IOException e) {
      throw new CheckpointException(dir, "cannot read: " + e.getMessage(), e);
    }
    try (SafetensorsFile file = SafetensorsFile.open(weights)) {
      TrainableModel<?> model;
      try {
        model = RetrievalModels.create(config, m.numItems(), device, 0L);
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(dir, e.getMessage(), e);
      }
      try {
        Map<String, NDArray> params = model.parameters().all();
        for (String name : file.names()) {
          if (!params.containsKey(name)) {
            throw new CheckpointException(
                dir,
                WEIGHTS
                    + " has tensor '"
                    + name
                    + "' that a "
                    + type.id()
                    + " model does not have");
          }
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
          if (!file.contains(p.getKey())) {
            throw new CheckpointException(dir, WEIGHTS + " lacks tensor '" + p.getKey() + "'");
          }
          TensorInfo info = file.info(p.getKey());
          long[] expected = p.getValue().getShape().getShape();
          if (info.dtype() != DType.F32 || !Arrays.equals(info.shape(), expected)) {
            throw new CheckpointException(
                dir,
                "tensor '"
                    + p.getKey()
                    + "' is "
                    + info.dtype()
                    + " "
                    + Arrays.toString(info.shape())
                    + ", the model needs F32 "
                    + Arrays.toString(expected));
          }
          float[] v = file.floats(p.getKey());
          NonFiniteTensorException.requireFinite(weights, p.getKey(), v);
          values.put(p.getKey(), v);
        }
        model.parameters().restore(values);
        return model;
      } catch (CheckpointException | RuntimeException e) {
        model.close();
        throw e;
      }
    } catch (NonFiniteTensorException e) {
      throw new CheckpointException(dir, e.getMessage(), e);
    } catch (SafetensorsFormatException e) {
      throw new CheckpointException(dir, WEIGHTS + " is damaged: " + e.getMessage(), e);
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CheckpointException(dir, "cannot read " + WEIGHTS + ": " + e.getMessage(), e);
    }
  }
}
