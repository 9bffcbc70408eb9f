package io.palr.llm.load;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.palr.io.FileFormatException;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.FolderManifest;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads LLaMA-family models, detecting the format: a Hugging Face folder ({@code config.json} +
 * safetensors, single or sharded) or a llama2.c {@code .bin} checkpoint. Checks the memory estimate
 * against the budget before allocating.
 */
public final class LlamaModels {
  /** The PyTorch engine name. */
  public static final String ENGINE = "PyTorch";

  private LlamaModels() {}

  /** The on-disk formats understood. */
  public enum Format {
    /** Hugging Face LlamaForCausalLM folder. */
    HUGGING_FACE,
    /** llama2.c legacy float32 checkpoint. */
    LLAMA2C
  }

  /**
   * The format of {@code path}.
   *
   * @throws ModelFormatException if it is neither
   */
  public static Format detect(Path path) throws ModelFormatException {
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve("config.json"))) {
        return Format.HUGGING_FACE;
      }
      throw new ModelFormatException(path, null, "a model folder needs config.json");
    }
    if (Files.isRegularFile(path)) {
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".bin")) {
        return Format.LLAMA2C;
      }
      throw new ModelFormatException(
          path,
          null,
          "unknown model format (expected a Hugging Face folder with"
              + " config.json or a llama2.c .bin checkpoint)");
    }
    throw new ModelFormatException(path, null, "no such file or folder");
  }

  /**
   * Reads the configuration only.
   *
   * @throws ModelFormatException if the format is unknown or the config invalid
   */
  public static LlamaConfig readConfig(Path path) throws IOException {
    return detect(path) == Format.HUGGING_FACE
        ? LlamaConfig.fromHfConfig(path.resolve("config.json"))
        : Llama2cCheckpoint.readConfig(path);
  }

  /** The device {@code options} resolve to. */
  public static Device resolveDevice(LoadOptions options) {
    if (options.device() != null) {
      return options.device();
    }
    return Engine.getEngine(ENGINE).defaultDevice();
  }

  /**
   * The weights' storage type {@code options} resolve to on {@code device}: the requested type,
   * else FLOAT16 on a GPU, else the checkpoint's own (FLOAT16 for F16 or BF16 safetensors, FLOAT32
   * otherwise), so half precision stays half.
   */
  public static DataType resolveDataType(LoadOptions options, Device device, Path path)
      throws IOException {
    if (options.dataType() != null) {
      return options.dataType();
    }
    if (device.isGpu()) {
      return DataType.FLOAT16;
    }
    if (detect(path) == Format.HUGGING_FACE) {
      try (SafetensorsWeights w = HfCheckpoint.openWeights(path)) {
        return w.storedType();
      }
    }
    return DataType.FLOAT32;
  }

  /**
   * The storage type {@code options} resolve to on {@code device} without reading a checkpoint:
   * FLOAT32 on CPU.
   */
  public static DataType resolveDataType(LoadOptions options, Device device) {
    if (options.dataType() != null) {
      return options.dataType();
    }
    return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
  }

  /**
   * Estimated bytes for weights, packed copies, KV cache, activations and runtime on the CPU (see
   * {@link MemoryEstimate}).
   *
   * @param config the model
   * @param bytesPerValue 4 for FLOAT32, 2 for FLOAT16
   * @param batch sequences decoded together
   * @param positions tokens per sequence
   */
  public static long estimateBytes(
      LlamaConfig config, int bytesPerValue, int batch, int positions) {
    return MemoryEstimate.of(
            config,
            bytesPerValue == 4 ? DataType.FLOAT32 : DataType.FLOAT16,
            false,
            batch,
            positions)
        .total();
  }

  /**
   * The budget {@code options} resolve to on {@code device}, or {@code Long.MAX_VALUE} when
   * unknown.
   */
  public static long resolveBudget(LoadOptions options, Device device) {
    if (options.memoryBudgetBytes() > 0) {
      return options.memoryBudgetBytes();
    }
    try {
      if (device.isGpu()) {
        return (long) (ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getMax() * 0.9);
      }
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return (long) (sun.getTotalMemorySize() * 0.8);
      }
    } catch (RuntimeException | LinkageError e) {
      return Long.MAX_VALUE;
    }
    return Long.MAX_VALUE;
  }

  /**
   * Loads a model.
   *
   * @param path a Hugging Face folder or a llama2.c {@code .bin}
   * @param options device, type, budget, adapter
   * @throws ModelFormatException (or core's SafetensorsFormatException) naming the file and tensor
   *     when the checkpoint is malformed or does not match its config
   * @throws ModelTooLargeException if the estimate exceeds the budget
   */
  public static LlamaModel load(Path path, LoadOptions options) throws IOException {
    AtomicOutput.recover(path);
    if (Files.isDirectory(path)) {
      verifyManifest(path);
    }
    Format format = detect(path);
    LlamaConfig config = readConfig(path);
    if (options.maxPositionsOverride() > 0) {
      config = config.withMaxPositions(options.maxPositionsOverride());
    }
    Device device = resolveDevice(options);
    DataType type = resolveDataType(options, device, path);
    int positions = options.contextLength() > 0 ? options.contextLength() : config.maxPositions();
    MemoryEstimate estimate =
        MemoryEstimate.of(config, type, device.isGpu(), options.maxBatch(), positions);
    long budget = resolveBudget(options, device);
    if (estimate.total() > budget) {
      throw new ModelTooLargeException(
          path.toString(),
          estimate.total(),
          estimate.describe(),
          budget,
          fits(config, type, device.isGpu(), options.maxBatch(), positions, budget));
    }
    NDManager manager = NDManager.newBaseManager(device, ENGINE);
    try {
      LlamaModel model =
          format == Format.HUGGING_FACE
              ? HfCheckpoint.load(path, config, manager, type, options.writableWeights())
              : Llama2cCheckpoint.load(path, config, manager, type, options.writableWeights());
      if (!options.writableWeights()) {
        model.markReadOnlyWeights();
      }
      if (options.adapter() != null) {
        PeftAdapters.apply(model, options.adapter(), options.mergeAdapter());
      }
      return model;
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Checks the sizes and checksums of a folder palr wrote, if it has a manifest. */
  private static void verifyManifest(Path folder) throws IOException {
    try {
      FolderManifest.verify(folder);
    } catch (FileFormatException e) {
      throw new ModelFormatException(folder, null, e.getMessage(), e);
    }
  }

  /**
   * The settings that would fit the budget: half precision, then a shorter context, then batch 1.
   */
  static List<String> fits(
      LlamaConfig c, DataType type, boolean gpu, int batch, int positions, long budget) {
    List<String> out = new ArrayList<>();
    DataType t = type;
    if (type == DataType.FLOAT32) {
      MemoryEstimate half = MemoryEstimate.of(c, DataType.FLOAT16, gpu, batch, positions);
      if (half.total() <= budget) {
        out.add("float16 weights (--dtype float16, " + MemoryEstimate.size(half.total()) + ")");
      }
      t = DataType.FLOAT16;
    }
    for (int p = Integer.highestOneBit(Math.max(1, positions - 1)); p >= 64; p /= 2) {
      MemoryEstimate e = MemoryEstimate.of(c, t, gpu, batch, p);
      if (e.total() <= budget) {
        out.add(
            (t != type ? "float16 weights (--dtype float16) and " : "")
                + "a context of "
                + p
                + " positions (--context "
                + p
                + ", "
                + MemoryEstimate.size(e.total())
                + ")");
        break;
      }
    }
    if (batch > 1) {
      MemoryEstimate e = MemoryEstimate.of(c, t, gpu, 1, positions);
      if (e.total() <= budget) {
        out.add(
            (t != type ? "float16 weights (--dtype float16) and " : "")
                + "batch 1 ("
                + MemoryEstimate.size(e.total())
                + ")");
      }
    }
    return out;
  }

  /**
   * The default tokenizer file for a model: {@code tokenizer.model} or {@code tokenizer.json} in a
   * folder, or the only {@code tok*.bin} / {@code tokenizer.bin} / {@code tokenizer.model} beside a
   * llama2.c checkpoint.
   *
   * @throws ModelFormatException if none or several candidates exist
   */
  public static Path defaultTokenizer(Path model) throws IOException {
    if (Files.isDirectory(model)) {
      for (String n : new String[] {"tokenizer.model", "tokenizer.json"}) {
        if (Files.isRegularFile(model.resolve(n))) {
          return model.resolve(n);
        }
      }
      throw new ModelFormatException(
          model, null, "no tokenizer.model or tokenizer.json in the folder; pass one");
    }
    Path dir = model.toAbsolutePath().getParent();
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "tok*.bin")) {
      ds.forEach(candidates::add);
    }
    candidates.remove(model.toAbsolutePath());
    if (candidates.isEmpty() && Files.isRegularFile(dir.resolve("tokenizer.model"))) {
      return dir.resolve("tokenizer.model");
    }
    if (candidates.size() != 1) {
      throw new ModelFormatException(
          model,
          null,
          candidates.isEmpty()
              ? "no tok*.bin tokenizer beside the checkpoint;" + " pass one"
              : "several tokenizers beside the checkpoint " + candidates + "; pass one");
    }
    return candidates.get(0);
  }
}
