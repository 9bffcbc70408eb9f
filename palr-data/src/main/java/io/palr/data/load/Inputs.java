package io.palr.data.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens input files, transparently decompressing gzip (detected by its magic bytes, not by the file
 * name).
 */
final class Inputs {
  private static final int BUFFER = 1 << 16;

  private Inputs() {}

  /**
   * Opens a file for reading, gunzipping it when it starts with the gzip magic bytes {@code 1f 8b}.
   */
  static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(),
          null,
          Files.isDirectory(file) ? "is a directory, expected a file" : "no such file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Resolves a required file in a directory, with a message naming what is missing. */
  static Path require(Path dir, String name, String format) throws NoSuchFileException {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(p.toString(), null, format + " needs " + name + " in " + dir);
    }
    return p;
  }
}
