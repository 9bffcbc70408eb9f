package io.palr.text;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A file of text vectors keyed by a hash of the text, for one model.
 *
 * <p>Layout (big-endian): the 8-byte magic {@code "PALRTX\u001a\n"}, an {@code int} format version,
 * the payload (the model id as modified UTF-8, the dimension, the entry count, then per entry the
 * first 16 bytes of the SHA-256 of the text's UTF-8 bytes and its {@code float} vector), then a
 * trailer of the payload length ({@code long}) and its CRC32C ({@code long}). A file with another
 * magic, a bad length or checksum is corrupt; one with another version, model id or dimension is
 * foreign. Neither is ever used. Writing is atomic (temporary sibling, then rename).
 */
public final class EmbeddingCache {
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'P', 'A', 'L', 'R', 'T', 'X', 0x1a, '\n'};
  private static final int HEADER = MAGIC.length + 4;
  private static final int TRAILER = 16;
  private static final int KEY_BYTES = 16;

  private EmbeddingCache() {}

  /** The cache key of a text: the first 128 bits of its SHA-256. */
  public record TextKey(long hi, long lo) {
    /** The key of {@code text}. */
    public static TextKey of(String text) {
      try {
        byte[] h =
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap(h);
        return new TextKey(b.getLong(), b.getLong());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    }
  }

  /**
   * What was read.
   *
   * @param vectors the vectors by text key (empty unless {@code status} is {@link CacheStatus#HIT})
   * @param status {@link CacheStatus#HIT} for a usable file (even if it lacks some texts), {@link
   *     CacheStatus#CREATED} when there is no file, or a rebuild status
   * @param problem why the file was rejected, or empty
   */
  public record Contents(Map<TextKey, float[]> vectors, CacheStatus status, String problem) {}

  /**
   * Reads a cache file for {@code modelId} and {@code dimension}; a missing, corrupt or foreign
   * file gives no vectors and says why.
   *
   * @throws IOException if the file exists but cannot be read
   */
  public static Contents read(Path file, String modelId, int dimension) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Contents(Map.of(), CacheStatus.CREATED, "");
    }
    if (all.length < HEADER + TRAILER || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      return corrupt(file, "not a palr text-vector cache (bad magic or too short)");
    }
    ByteBuffer buf = ByteBuffer.wrap(all);
    buf.position(MAGIC.length);
    int version = buf.getInt();
    if (version != VERSION) {
      return foreign(file, "format version " + version + ", expected " + VERSION);
    }
    int payloadLength = all.length - HEADER - TRAILER;
    ByteBuffer trailer = ByteBuffer.wrap(all, all.length - TRAILER, TRAILER);
    long declared = trailer.getLong();
    long crc = trailer.getLong();
    if (declared != payloadLength) {
      return corrupt(
          file, "payload length " + payloadLength + " bytes, the trailer says " + declared);
    }
    CRC32C c = new CRC32C();
    c.update(all, HEADER, payloadLength);
    if (c.getValue() != crc) {
      return corrupt(file, "checksum mismatch");
    }
    try {
      int idLength = Short.toUnsignedInt(buf.getShort());
      String id = new String(all, buf.position(), idLength, StandardCharsets.UTF_8);
      buf.position(buf.position() + idLength);
      if (!id.equals(modelId)) {
        return foreign(file, "written by model '" + id + "', expected '" + modelId + "'");
      }
      int dim = buf.getInt();
      if (dim != dimension) {
        return foreign(file, "dimension " + dim + ", expected " + dimension);
      }
      int count = buf.getInt();
      long expected = (long) count * (KEY_BYTES + 4L * dim);
      if (count < 0 || buf.position() + expected != HEADER + payloadLength) {
        return corrupt(file, count + " entries do not fill the payload");
      }
      Map<TextKey, float[]> vectors = new LinkedHashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        TextKey key = new TextKey(buf.getLong(), buf.getLong());
        float[] v = new float[dim];
        buf.asFloatBuffer().get(v);
        buf.position(buf.position() + 4 * dim);
        for (float x : v) {
          if (!Float.isFinite(x)) {
            return corrupt(file, "non-finite value in entry " + i);
          }
        }
        vectors.put(key, v);
      }
      return new Contents(vectors, CacheStatus.HIT, "");
    } catch (RuntimeException e) {
      return corrupt(file, "unreadable payload (" + e + ")");
    }
  }

  /**
   * Writes {@code vectors} atomically: to a temporary sibling, then renamed over {@code file}.
   *
   * @throws IOException if the file cannot be written; a previous file is then left intact
   */
  public static void write(Path file, String modelId, int dimension, Map<TextKey, float[]> vectors)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
      if (id.length > 0xFFFF) {
        throw new IllegalArgumentException("model id too long");
      }
      CRC32C crc = new CRC32C();
      long[] length = {0};
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        raw.write(MAGIC);
        new DataOutputStream(raw).writeInt(VERSION);
        OutputStream checked =
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                raw.write(b);
                crc.update(b);
                length[0]++;
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
                crc.update(b, off, len);
                length[0] += len;
              }
            };
        DataOutputStream out = new DataOutputStream(checked);
        out.writeShort(id.length);
        out.write(id);
        out.writeInt(dimension);
        out.writeInt(vectors.size());
        ByteBuffer row = ByteBuffer.allocate(KEY_BYTES + 4 * dimension);
        for (Map.Entry<TextKey, float[]> e : vectors.entrySet()) {
          float[] v = e.getValue();
          if (v.length != dimension) {
            throw new IllegalArgumentException("vector of length " + v.length + " in the cache");
          }
          row.clear();
          row.putLong(e.getKey().hi()).putLong(e.getKey().lo());
          row.asFloatBuffer().put(v);
          out.write(row.array());
        }
        out.flush();
        DataOutputStream trailer = new DataOutputStream(raw);
        trailer.writeLong(length[0]);
        trailer.writeLong(crc.getValue());
        trailer.flush();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Contents corrupt(Path file, String why) {
    return new Contents(Map.of(), CacheStatus.REBUILT_CORRUPT, file + ": " + why);
  }

  private static Contents foreign(Path file, String why) {
    return new Contents(Map.of(), CacheStatus.REBUILT_FOREIGN, file + ": " + why);
  }
}
