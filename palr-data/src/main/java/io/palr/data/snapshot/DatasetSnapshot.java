package io.palr.data.snapshot;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A prepared {@link InteractionDataset} stored in a compact binary file for fast reuse (what {@code
 * palr prepare} writes), with free-form properties recording how it was prepared.
 *
 * <p>File layout (big-endian): the 8-byte magic {@code "PALRDS\u001a\n"}, an {@code int} format
 * version, the payload (properties, name, catalogue, user ids, CSR offsets, item indices,
 * timestamps), then a trailer of the payload length ({@code long}) and its CRC32C ({@code long}).
 * Reading checks magic, version, length and checksum before parsing, so a truncated or corrupt file
 * gives a {@link SnapshotFormatException} naming the problem, never a half-read data set. Writing
 * is atomic (temporary file, then rename).
 *
 * @param dataset the data set
 * @param properties how it was prepared (e.g. {@code format}, {@code source}, {@code options}),
 *     insertion-ordered
 */
public record DatasetSnapshot(InteractionDataset dataset, Map<String, String> properties) {
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'P', 'A', 'L', 'R', 'D', 'S', 0x1a, '\n'};
  private static final int HEADER = MAGIC.length + 4;
  private static final int TRAILER = 16;
  private static final int CHUNK = 1 << 16;

  /** Validates and copies the components. */
  public DatasetSnapshot {
    Objects.requireNonNull(dataset, "dataset");
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Writes a data set without properties. */
  public static void write(InteractionDataset dataset, Path file) throws IOException {
    write(new DatasetSnapshot(dataset, Map.of()), file);
  }

  /**
   * Writes a snapshot atomically: to a temporary file beside {@code file}, then renamed over it.
   */
  public static void write(DatasetSnapshot snapshot, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream raw = Files.newOutputStream(tmp)) {
        BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
        buffered.write(MAGIC);
        new DataOutputStream(buffered).writeInt(VERSION);
        CRC32C crc = new CRC32C();
        CountingOutputStream counting =
            new CountingOutputStream(new CheckedOutputStream(buffered, crc));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(counting, 1 << 16));
        writePayload(snapshot, out);
        out.flush();
        DataOutputStream trailer = new DataOutputStream(buffered);
        trailer.writeLong(counting.count);
        trailer.writeLong(crc.getValue());
        trailer.flush();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writePayload(DatasetSnapshot s, DataOutputStream out) throws IOException {
    out.writeInt(s.properties.size());
    for (Map.Entry<String, String> e : s.properties.entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    InteractionDataset d = s.dataset;
    writeString(out, d.name());
    Catalog catalog = d.catalog();
    out.writeInt(catalog.size());
    for (Item it : catalog.items()) {
      writeString(out, it.id());
      writeString(out, it.title());
      out.writeInt(it.genres().size());
      for (String g : it.genres()) {
        writeString(out, g);
      }
      out.writeBoolean(it.brand().isPresent());
      if (it.brand().isPresent()) {
        writeString(out, it.brand().get());
      }
      out.writeBoolean(it.year().isPresent());
      if (it.year().isPresent()) {
        out.writeInt(it.year().getAsInt());
      }
      out.writeInt(it.attributes().size());
      for (Map.Entry<String, String> e : it.attributes().entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    }
    out.writeInt(d.numUsers());
    for (String u : d.userIds()) {
      writeString(out, u);
    }
    out.writeInt(d.numInteractions());
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    buf.putInt(0);
    int offset = 0;
    for (int u = 0; u < d.numUsers(); u++) {
      offset += d.length(u);
      buf = drainIfFull(buf, 4, out).putInt(offset);
    }
    for (int u = 0; u < d.numUsers(); u++) {
      for (int p = 0, n = d.length(u); p < n; p++) {
        buf = drainIfFull(buf, 4, out).putInt(d.itemAt(u, p));
      }
    }
    for (int u = 0; u < d.numUsers(); u++) {
      for (int p = 0, n = d.length(u); p < n; p++) {
        buf = drainIfFull(buf, 8, out).putLong(d.timestampAt(u, p));
      }
    }
    out.write(buf.array(), buf.arrayOffset(), buf.position());
  }

  private static ByteBuffer drainIfFull(ByteBuffer buf, int need, DataOutputStream out)
      throws IOException {
    if (buf.remaining() < need) {
      out.write(buf.array(), buf.arrayOffset(), buf.position());
      buf.clear();
    }
    return buf;
  }

  private static void readInts(DataInputStream in, int[] dst) throws IOException {
    byte[] b = new byte[CHUNK];
    for (int off = 0; off < dst.length; ) {
      int n = Math.min(CHUNK / 4, dst.length - off);
      in.readFully(b, 0, n * 4);
      ByteBuffer.wrap(b, 0, n * 4).asIntBuffer().get(dst, off, n);
      off += n;
    }
  }

  private static void readLongs(DataInputStream in, long[] dst) throws IOException {
    byte[] b = new byte[CHUNK];
    for (int off = 0; off < dst.length; ) {
      int n = Math.min(CHUNK / 8, dst.length - off);
      in.readFully(b, 0, n * 8);
      ByteBuffer.wrap(b, 0, n * 8).asLongBuffer().get(dst, off, n);
      off += n;
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * Reads a snapshot.
   *
   * @throws SnapshotFormatException if the file is not a snapshot, has another version, is
   *     truncated or corrupt
   * @throws IOException if it cannot be read
   */
  public static DatasetSnapshot read(Path file) throws IOException {
    long size = Files.size(file);
    if (size < HEADER + TRAILER) {
      throw new SnapshotFormatException(
          file, "not a palr data set snapshot: only " + size + " bytes");
    }
    long payloadLength;
    long checksum;
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      readFully(ch, head);
      byte[] magic = Arrays.copyOf(head.array(), MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new SnapshotFormatException(file, "not a palr data set snapshot (bad magic bytes)");
      }
      int version = head.getInt(MAGIC.length);
      if (version != VERSION) {
        throw new SnapshotFormatException(
            file,
            "snapshot format version "
                + version
                + " is not supported (this palr reads version "
                + VERSION
                + ")");
      }
      ch.position(size - TRAILER);
      ByteBuffer tail = ByteBuffer.allocate(TRAILER);
      readFully(ch, tail);
      payloadLength = tail.getLong(0);
      checksum = tail.getLong(8);
    }
    if (payloadLength != size - HEADER - TRAILER) {
      throw new SnapshotFormatException(
          file,
          "truncated or corrupt: the trailer records "
              + payloadLength
              + " payload bytes, the file holds "
              + (size - HEADER - TRAILER));
    }
    CRC32C crc = new CRC32C();
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(HEADER);
      CheckedInputStream checked = new CheckedInputStream(in, crc);
      byte[] buf = new byte[1 << 16];
      long left = payloadLength;
      while (left > 0) {
        int n = checked.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new SnapshotFormatException(file, "truncated while verifying the checksum");
        }
        left -= n;
      }
    }
    if (crc.getValue() != checksum) {
      throw new SnapshotFormatException(
          file,
          String.format(
              "corrupt: checksum mismatch (stored %08x, computed %08x)", checksum, crc.getValue()));
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(HEADER);
      DataInputStream data =
          new DataInputStream(
              new BufferedInputStream(
                  com.google.common.io.ByteStreams.limit(in, payloadLength), 1 << 16));
      return readPayload(data, payloadLength, file);
    } catch (EOFException e) {
      throw new SnapshotFormatException(file, "truncated payload", e);
    } catch (IllegalArgumentException e) {
      throw new SnapshotFormatException(file, "inconsistent contents: " + e.getMessage(), e);
    }
  }

  private static DatasetSnapshot readPayload(DataInputStream in, long payloadLength, Path file)
      throws IOException {
    Limits lim = new Limits(payloadLength, file);
    int nProps = lim.count(in.readInt(), 8, "properties");
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = 0; i < nProps; i++) {
      props.put(readString(in, lim), readString(in, lim));
    }
    String name = readString(in, lim);
    int nItems = lim.count(in.readInt(), 16, "items");
    List<Item> items = new ArrayList<>(nItems);
    for (int i = 0; i < nItems; i++) {
      Item.Builder b = Item.builder(readString(in, lim)).title(readString(in, lim));
      int nGenres = lim.count(in.readInt(), 4, "genres");
      for (int g = 0; g < nGenres; g++) {
        b.genre(readString(in, lim));
      }
      if (in.readBoolean()) {
        b.brand(readString(in, lim));
      }
      if (in.readBoolean()) {
        b.year(in.readInt());
      }
      int nAttrs = lim.count(in.readInt(), 8, "attributes");
      for (int a = 0; a < nAttrs; a++) {
        b.attribute(readString(in, lim), readString(in, lim));
      }
      items.add(b.build());
    }
    int nUsers = lim.count(in.readInt(), 8, "users");
    List<String> users = new ArrayList<>(nUsers);
    for (int u = 0; u < nUsers; u++) {
      users.add(readString(in, lim));
    }
    int total = lim.count(in.readInt(), 12, "interactions");
    int[] offsets = new int[nUsers + 1];
    readInts(in, offsets);
    int[] itemIdx = new int[total];
    readInts(in, itemIdx);
    long[] ts = new long[total];
    readLongs(in, ts);
    if (in.read() != -1) {
      throw new SnapshotFormatException(file, "trailing bytes after the payload");
    }
    Catalog catalog;
    try {
      catalog = Catalog.of(items);
    } catch (IllegalArgumentException e) {
      throw new SnapshotFormatException(file, "inconsistent catalogue: " + e.getMessage(), e);
    }
    return new DatasetSnapshot(
        InteractionDataset.ofArrays(name, catalog, users, offsets, itemIdx, ts), props);
  }

  private static String readString(DataInputStream in, Limits lim) throws IOException {
    int n = lim.count(in.readInt(), 1, "string bytes");
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void readFully(SeekableByteChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        throw new EOFException();
      }
    }
  }

  /** Rejects counts that cannot fit in the payload, before allocating for them. */
  private record Limits(long payloadLength, Path file) {
    int count(int n, int minBytesEach, String what) throws SnapshotFormatException {
      if (n < 0 || (long) n * minBytesEach > payloadLength) {
        throw new SnapshotFormatException(file, "corrupt: impossible count of " + what + ": " + n);
      }
      return n;
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
