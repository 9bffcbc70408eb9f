package io.palr.io.safetensors;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A memory-mapped, validating safetensors reader. Opening reads and checks only the header: every
 * tensor's dtype, shape and byte range are validated against each other and against the file size
 * (no overlap, nothing outside the data section), so a corrupt or truncated file fails here with a
 * message naming the file and the tensor, never later inside a native engine. Tensor data is mapped
 * on demand, one region per tensor, so files larger than 2 GiB work (each single tensor must be
 * under 2 GiB).
 *
 * <p>Thread-safe. Mapped buffers stay valid after {@link #close()} until garbage-collected (the JDK
 * has no unmap).
 */
public final class SafetensorsFile implements AutoCloseable {
  /** Largest header accepted; real headers are kilobytes to a few megabytes. */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and validates a safetensors file.
   *
   * @throws SafetensorsFormatException if the header is malformed or inconsistent with the file
   * @throws IOException if the file cannot be read
   */
  public static SafetensorsFile open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = ch.size();
      if (size < 8) {
        throw new SafetensorsFormatException(
            path, "file is " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, path);
      long headerLen = lenBuf.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
        throw new SafetensorsFormatException(
            path,
            "bad header length "
                + headerLen
                + " (file size "
                + size
                + ", limit "
                + MAX_HEADER_BYTES
                + ")");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8, path);
      long dataStart = 8 + headerLen;
      JsonNode root;
      try {
        root = JSON.readTree(header.array());
      } catch (IOException e) {
        throw new SafetensorsFormatException(
            path, "header is not valid JSON: " + e.getMessage(), e);
      }
      if (root == null || !root.isObject()) {
        throw new SafetensorsFormatException(path, "header is not a JSON object");
      }
      Map<String, String> meta = new LinkedHashMap<>();
      Map<String, TensorInfo> infos = new LinkedHashMap<>();
      long dataLen = size - dataStart;
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          if (!e.getValue().isObject()) {
            throw new SafetensorsFormatException(path, "__metadata__ is not an object");
          }
          e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        infos.put(e.getKey(), parseInfo(path, e.getKey(), e.getValue(), dataLen));
      }
      checkNoOverlap(path, infos);
      return new SafetensorsFile(
          path,
          ch,
          dataStart,
          Collections.unmodifiableMap(infos),
          Collections.unmodifiableMap(meta));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static TensorInfo parseInfo(Path path, String name, JsonNode node, long dataLen)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(path, name, "entry is not an object");
    }
    JsonNode dt = node.get("dtype");
    JsonNode sh = node.get("shape");
    JsonNode off = node.get("data_offsets");
    if (dt == null || !dt.isTextual()) {
      throw new SafetensorsFormatException(path, name, "missing or non-string 'dtype'");
    }
    if (sh == null || !sh.isArray()) {
      throw new SafetensorsFormatException(path, name, "missing or non-array 'shape'");
    }
    if (off == null
        || !off.isArray()
        || off.size() != 2
        || !off.get(0).canConvertToLong()
        || !off.get(1).canConvertToLong()) {
      throw new SafetensorsFormatException(path, name, "'data_offsets' must be [begin, end]");
    }
    DType dtype;
    try {
      dtype = DType.parse(dt.asText());
    } catch (IllegalArgumentException e) {
      throw new SafetensorsFormatException(path, name, e.getMessage());
    }
    long[] shape = new long[sh.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = sh.get(i);
      if (!d.canConvertToLong() || d.asLong() < 0) {
        throw new SafetensorsFormatException(path, name, "bad dimension " + d + " in shape " + sh);
      }
      shape[i] = d.asLong();
      try {
        elements = Math.multiplyExact(elements, shape[i]);
      } catch (ArithmeticException ex) {
        throw new SafetensorsFormatException(path, name, "shape " + sh + " overflows");
      }
    }
    long begin = off.get(0).asLong();
    long end = off.get(1).asLong();
    if (begin < 0 || end < begin || end > dataLen) {
      throw new SafetensorsFormatException(
          path,
          name,
          "data_offsets ["
              + begin
              + ", "
              + end
              + "] outside the data section of "
              + dataLen
              + " bytes");
    }
    long expected;
    try {
      expected = Math.multiplyExact(elements, dtype.byteSize());
    } catch (ArithmeticException ex) {
      throw new SafetensorsFormatException(path, name, "shape " + sh + " overflows");
    }
    if (end - begin != expected) {
      throw new SafetensorsFormatException(
          path,
          name,
          "shape "
              + sh
              + " of "
              + dtype
              + " needs "
              + expected
              + " bytes but data_offsets span "
              + (end - begin));
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  private static void checkNoOverlap(Path path, Map<String, TensorInfo> infos)
      throws SafetensorsFormatException {
    List<TensorInfo> sorted = new ArrayList<>(infos.values());
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    for (int i = 1; i < sorted.size(); i++) {
      TensorInfo a = sorted.get(i - 1);
      TensorInfo b = sorted.get(i);
      if (b.begin() < a.end() && b.byteLength() > 0 && a.byteLength() > 0) {
        throw new SafetensorsFormatException(
            path, b.name(), "data overlaps tensor '" + a.name() + "'");
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path path)
      throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new SafetensorsFormatException(path, "unexpected end of file");
      }
    }
  }

  /** The file this reader maps. */
  public Path path() {
    return path;
  }

  /** The {@code __metadata__} string map (empty if absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Names of all tensors, in header order. */
  public Set<String> names() {
    return tensors.keySet();
  }

  /** Whether the file has a tensor of this name. */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * The header entry of a tensor.
   *
   * @throws SafetensorsFormatException if the file has no such tensor
   */
  public TensorInfo info(String name) throws SafetensorsFormatException {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new SafetensorsFormatException(
          path, name, "missing (file has " + tensors.size() + " tensors)");
    }
    return info;
  }

  /** All header entries, in header order. */
  public List<TensorInfo> infos() {
    return List.copyOf(tensors.values());
  }

  /**
   * A read-only, little-endian, memory-mapped view of a tensor's raw bytes.
   *
   * @throws SafetensorsFormatException if the tensor is missing or larger than 2 GiB
   */
  public ByteBuffer buffer(String name) throws IOException {
    TensorInfo info = info(name);
    if (info.byteLength() > Integer.MAX_VALUE) {
      throw new SafetensorsFormatException(
          path, name, "tensor of " + info.byteLength() + " bytes exceeds 2 GiB");
    }
    if (info.byteLength() == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    return channel
        .map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength())
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * A tensor's values as floats, converting F16, BF16 and F64 in Java.
   *
   * @throws SafetensorsFormatException if the tensor is missing or not floating point
   */
  public float[] floats(String name) throws IOException {
    TensorInfo info = info(name);
    if (!info.dtype().isFloatingPoint()) {
      throw new SafetensorsFormatException(
          path, name, "dtype " + info.dtype() + " is not floating point");
    }
    ByteBuffer b = buffer(name);
    int n = Math.toIntExact(info.numElements());
    float[] out = new float[n];
    switch (info.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.halfToFloat(b.getShort(i * 2));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.bf16ToFloat(b.getShort(i * 2));
        }
      }
      default -> throw new AssertionError(info.dtype());
    }
    return out;
  }

  /**
   * Closes the file channel; idempotent.
   *
   * @throws java.io.UncheckedIOException if the channel cannot be closed
   */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot close " + path, e);
    }
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
  }

  static {
    // Headers are bounded by MAX_HEADER_BYTES; allow long strings inside them.
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxStringLength((int) MAX_HEADER_BYTES).build());
  }
}
