package io.palr.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.output.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a safetensors file and writes it atomically (to a temporary file beside the target,
 * fsync'd, then moved into place), so a crash never leaves a half-written checkpoint under the
 * final name. Not thread-safe.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  // Private value holder: never compared or hashed, and the arrays are never handed out.
  @SuppressWarnings("ArrayRecordComponent")
  private record Entry(DType dtype, long[] shape, ByteBuffer data) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private boolean requireFinite;
  private String[] firstNonFinite;

  /** A new, empty writer. */
  public SafetensorsWriter() {}

  /** Adds a float tensor stored as F32. */
  public SafetensorsWriter putFloats(String name, float[] values, long... shape) {
    checkCount(name, values.length, shape);
    checkFinite(name, values);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return put(name, DType.F32, b, shape);
  }

  /** Adds a float tensor stored as F16 (rounded to nearest even). */
  public SafetensorsWriter putFloatsAsF16(String name, float[] values, long... shape) {
    checkCount(name, values.length, shape);
    checkFinite(name, values);
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(HalfFloats.floatToHalf(v));
    }
    b.flip();
    return put(name, DType.F16, b, shape);
  }

  /** Adds a float tensor stored as BF16 (rounded to nearest even). */
  public SafetensorsWriter putFloatsAsBf16(String name, float[] values, long... shape) {
    checkCount(name, values.length, shape);
    checkFinite(name, values);
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(HalfFloats.floatToBf16(v));
    }
    b.flip();
    return put(name, DType.BF16, b, shape);
  }

  /** Adds an int tensor stored as I32. */
  public SafetensorsWriter putInts(String name, int[] values, long... shape) {
    checkCount(name, values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return put(name, DType.I32, b, shape);
  }

  /**
   * Adds a tensor from raw little-endian bytes (the buffer's remaining bytes are copied at write
   * time).
   */
  public SafetensorsWriter put(
      String name, DType dtype, ByteBuffer littleEndianData, long... shape) {
    Objects.requireNonNull(name, "name");
    if (name.equals("__metadata__")) {
      throw new IllegalArgumentException("'__metadata__' is reserved");
    }
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension");
      }
      n = Math.multiplyExact(n, d);
    }
    if ((long) littleEndianData.remaining() != n * dtype.byteSize()) {
      throw new IllegalArgumentException(
          name + ": " + littleEndianData.remaining() + " bytes for " + n + " x " + dtype);
    }
    if (entries.putIfAbsent(name, new Entry(dtype, shape.clone(), littleEndianData.duplicate()))
        != null) {
      throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
    }
    return this;
  }

  /** Adds a {@code __metadata__} entry. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    return this;
  }

  private static void checkCount(String name, int count, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != count) {
      throw new IllegalArgumentException(
          name + ": " + count + " values do not fit shape " + java.util.Arrays.toString(shape));
    }
  }

  /**
   * Refuses NaN and infinite values in the float tensors added from now on: {@link #write} then
   * throws a {@link NonFiniteTensorException} naming the file and the first such tensor. For model
   * weights, where such a value means a diverged training run.
   */
  public SafetensorsWriter requireFinite() {
    this.requireFinite = true;
    return this;
  }

  private void checkFinite(String name, float[] values) {
    if (!requireFinite || firstNonFinite != null) {
      return;
    }
    String problem = NonFiniteTensorException.firstNonFinite(values);
    if (problem != null) {
      firstNonFinite = new String[] {name, problem};
    }
  }

  /**
   * Writes the file atomically (through {@link AtomicOutput}), replacing any existing file at
   * {@code target}; the file is read back before it replaces the old one.
   *
   * @throws NonFiniteTensorException if {@link #requireFinite} is on and a tensor holds NaN or an
   *     infinite value; nothing is written then
   * @throws IOException if writing fails
   */
  public void write(Path target) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject("__metadata__");
      metadata.forEach(m::put);
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype().name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long len = e.getValue().data().remaining();
      t.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int pad =
        (8 - headerBytes.length % 8)
            % 8; // align the data section to 8 bytes, as the reference writer does
    byte[] padded = java.util.Arrays.copyOf(headerBytes, headerBytes.length + pad);
    java.util.Arrays.fill(padded, headerBytes.length, padded.length, (byte) ' ');

    if (firstNonFinite != null) {
      throw new NonFiniteTensorException(target, firstNonFinite[0], firstNonFinite[1]);
    }
    AtomicOutput.writeFile(
        target,
        tmp -> {
          try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            ByteBuffer len =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded.length);
            out.write(len.array());
            out.write(padded);
            for (Entry e : entries.values()) {
              ByteBuffer d = e.data().duplicate();
              while (d.hasRemaining()) {
                ch.write(d);
              }
            }
            ch.force(true);
          }
        },
        tmp -> {
          try (SafetensorsFile check = SafetensorsFile.open(tmp)) {
            if (!check.names().equals(entries.keySet())) {
              throw new SafetensorsFormatException(tmp, "read back other tensors than written");
            }
          }
        });
  }
}
