package io.palr.llm.load;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.io.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors from one safetensors file or a sharded set ({@code model.safetensors.index.json}
 * with a {@code weight_map} from tensor name to shard file), turned into NDArrays with shape checks
 * and dtype conversion: F32 is mapped zero-copy from the file (unless writable arrays are
 * requested), F16 is handed to the engine as is and converted there, BF16 and F64 are converted to
 * F32 in Java (the PyTorch engine aborts the JVM on BF16).
 *
 * <p>Closing closes the files; arrays already created stay valid (mapped memory lives until
 * garbage-collected).
 */
public final class SafetensorsWeights implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
  private final List<SafetensorsFile> files = new ArrayList<>();

  private SafetensorsWeights() {}

  /**
   * Opens a single {@code .safetensors} file.
   *
   * @throws IOException if the file is missing or its header is invalid (a typed exception naming
   *     file and tensor)
   */
  public static SafetensorsWeights openFile(Path file) throws IOException {
    SafetensorsWeights w = new SafetensorsWeights();
    w.add(SafetensorsFile.open(file), null);
    return w;
  }

  /**
   * Opens a sharded checkpoint from its index file.
   *
   * @throws ModelFormatException if the index is malformed or names a tensor its shard does not
   *     contain
   * @throws IOException if a shard cannot be opened
   */
  public static SafetensorsWeights openIndex(Path index) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(index.toFile());
    } catch (IOException e) {
      throw new ModelFormatException(index, null, "not valid JSON: " + e.getMessage(), e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new ModelFormatException(index, null, "no weight_map object");
    }
    Map<String, List<String>> shards = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String shard = e.getValue().asText();
      if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
        throw new ModelFormatException(
            index, e.getKey(), "invalid shard file name '" + shard + "'");
      }
      shards.computeIfAbsent(shard, k -> new ArrayList<>()).add(e.getKey());
    }
    SafetensorsWeights w = new SafetensorsWeights();
    try {
      for (Map.Entry<String, List<String>> e : shards.entrySet()) {
        Path file = index.resolveSibling(e.getKey());
        if (!Files.isRegularFile(file)) {
          throw new ModelFormatException(
              index, e.getValue().get(0), "shard " + file + " does not exist");
        }
        SafetensorsFile f = SafetensorsFile.open(file);
        w.add(f, e.getValue());
        for (String name : e.getValue()) {
          if (!f.contains(name)) {
            throw new ModelFormatException(
                file, name, "listed in " + index.getFileName() + " but missing from the shard");
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
    return w;
  }

  private void add(SafetensorsFile f, List<String> names) {
    files.add(f);
    for (String n : names == null ? f.names() : names) {
      byName.putIfAbsent(n, f);
    }
  }

  /** All tensor names. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** Whether a tensor exists. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The file holding a tensor (or the first file when absent, for messages). */
  public Path fileOf(String name) {
    SafetensorsFile f = byName.get(name);
    return (f == null ? files.get(0) : f).path();
  }

  /**
   * The header entry of a tensor.
   *
   * @throws ModelFormatException if it is missing
   */
  public TensorInfo info(String name) throws IOException {
    SafetensorsFile f = byName.get(name);
    if (f == null) {
      throw new ModelFormatException(
          files.get(0).path(), name, "tensor missing from the checkpoint");
    }
    return f.info(name);
  }

  /**
   * Loads a tensor as an NDArray of {@code type}, checking its shape.
   *
   * @param name the tensor
   * @param manager where to create it
   * @param type FLOAT32 or FLOAT16
   * @param writable copy the data instead of mapping it (mapped arrays must never be written)
   * @param expected the expected shape
   * @throws ModelFormatException if the tensor is missing, has another shape or a non-float dtype
   */
  public NDArray load(
      String name, NDManager manager, DataType type, boolean writable, long... expected)
      throws IOException {
    TensorInfo info = info(name);
    Path file = fileOf(name);
    if (!Arrays.equals(info.shape(), expected)) {
      throw new ModelFormatException(
          file,
          name,
          "shape "
              + Arrays.toString(info.shape())
              + " but the config implies "
              + Arrays.toString(expected));
    }
    Shape shape = new Shape(expected);
    SafetensorsFile f = byName.get(name);
    NDArray raw;
    switch (info.dtype()) {
      case F32 -> {
        ByteBuffer b = f.buffer(name);
        raw =
            manager.create(
                writable || !b.isDirect() ? b.asFloatBuffer() : b, shape, DataType.FLOAT32);
      }
      case F16 -> {
        ByteBuffer b = f.buffer(name);
        raw =
            manager.create(
                writable || !b.isDirect() ? b.asShortBuffer() : b, shape, DataType.FLOAT16);
      }
      case BF16, F64 -> raw = manager.create(f.floats(name), shape);
      default ->
          throw new ModelFormatException(
              file, name, "dtype " + info.dtype() + " is not a float type");
    }
    if (raw.getDataType() == type) {
      return raw;
    }
    NDArray converted = raw.toType(type, true);
    raw.close();
    return converted;
  }

  /**
   * Closes the files, all of them even when one fails.
   *
   * @throws java.io.UncheckedIOException the first failure
   */
  @Override
  public void close() {
    RuntimeException first = null;
    for (SafetensorsFile f : files) {
      try {
        f.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
