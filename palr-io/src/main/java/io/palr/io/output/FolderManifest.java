package io.palr.io.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.FileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code palr-manifest.json}: the size and SHA-256 of every file in a folder palr wrote ({@link
 * AtomicOutput#folder}), so that a reader can tell a complete output from a damaged or partly
 * copied one, and so that palr knows which existing folders it may replace.
 *
 * <pre>{@code
 * {"format": "palr-manifest/1", "created": "...",
 *  "files": {"model.safetensors": {"size": 1234, "sha256": "9f86..."}, "checkpoint/config.json": ...}}
 * }</pre>
 */
public final class FolderManifest {
  /** The manifest's file name. */
  public static final String FILE_NAME = "palr-manifest.json";

  /** The format tag. */
  public static final String FORMAT = "palr-manifest/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FolderManifest() {}

  /** Whether {@code dir} holds a manifest, i.e. palr wrote it. */
  public static boolean isPresent(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Writes the manifest of every regular file under {@code dir} (except the manifest itself).
   *
   * @throws IOException if a file cannot be read or the manifest written
   */
  public static void write(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("created", Instant.now().toString());
    ObjectNode files = root.putObject("files");
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all =
          s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !p.equals(dir.resolve(FILE_NAME)))
              .sorted()
              .toList();
    }
    for (Path p : all) {
      ObjectNode f = files.putObject(relative(dir, p));
      f.put("size", Files.size(p));
      f.put("sha256", sha256(p));
    }
    Path file = dir.resolve(FILE_NAME);
    Path tmp = dir.resolve("." + FILE_NAME + AtomicOutput.TEMP_SUFFIX);
    Files.write(tmp, JSON.writeValueAsBytes(root));
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Checks every file the manifest lists, if there is a manifest: present, of the recorded size and
   * SHA-256. Files the manifest does not list are ignored.
   *
   * @param dir the folder
   * @return whether a manifest was found and checked
   * @throws FileFormatException naming the first file that is missing, of another size or with
   *     another checksum, or a malformed manifest
   * @throws IOException if a file cannot be read
   */
  public static boolean verify(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FileFormatException(file, 0, null, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.has("files")) {
      throw new FileFormatException(file, 0, null, "not a " + FORMAT + " manifest", null);
    }
    Iterator<Map.Entry<String, JsonNode>> it = root.path("files").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Path p = dir.resolve(e.getKey()).normalize();
      if (!p.startsWith(dir.normalize())) {
        throw new FileFormatException(
            file, 0, null, "lists '" + e.getKey() + "', outside the folder", null);
      }
      if (!Files.isRegularFile(p)) {
        throw new FileFormatException(
            p, 0, null, "is missing (listed in " + FILE_NAME + "; the output is incomplete)", null);
      }
      long size = Files.size(p);
      long expected = e.getValue().path("size").asLong(-1);
      if (size != expected) {
        throw new FileFormatException(
            p,
            0,
            null,
            "has "
                + size
                + " bytes but "
                + FILE_NAME
                + " records "
                + expected
                + " (damaged or partly written)",
            null);
      }
      String sum = e.getValue().path("sha256").asText("");
      if (!sum.equals(sha256(p))) {
        throw new FileFormatException(
            p, 0, null, "does not match its SHA-256 in " + FILE_NAME + " (damaged)", null);
      }
    }
    return true;
  }

  private static String relative(Path dir, Path p) {
    StringBuilder sb = new StringBuilder();
    for (Path part : dir.relativize(p)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  /** The lower-case hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
