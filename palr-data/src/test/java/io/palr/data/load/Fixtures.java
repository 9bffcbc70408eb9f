package io.palr.data.load;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small input files for loader tests. */
final class Fixtures {
  private Fixtures() {}

  static Path write(Path dir, String name, String content) throws IOException {
    return write(dir, name, content, StandardCharsets.UTF_8);
  }

  static Path write(Path dir, String name, String content, Charset charset) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content.getBytes(charset));
    return p;
  }

  static Path writeBytes(Path dir, String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  static Path gzip(Path dir, String name, String content) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  /**
   * Lines of {@code user::item::rating::ts} giving each of {@code users} users {@code perUser}
   * items.
   */
  static String ml1mRatings(int users, int perUser) {
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= users; u++) {
      for (int k = 0; k < perUser; k++) {
        int item = 1 + (u + k) % (perUser + 2);
        sb.append(u)
            .append("::")
            .append(item)
            .append("::")
            .append(1 + (u + k) % 5)
            .append("::")
            .append(978300000L + u * 100L + k)
            .append('\n');
      }
    }
    return sb.toString();
  }
}
