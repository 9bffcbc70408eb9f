package io.palr.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only reference data (system property {@code palr.shared}); tests skip when it is
 * absent.
 */
public final class SharedData {
  private SharedData() {}

  /**
   * The directory {@code data/<name>} under the shared folder; skips the test when it is absent.
   */
  public static Path dataDir(String name) {
    Path root = Path.of(System.getProperty("palr.shared", "../shared"));
    Path dir = root.resolve("data").resolve(name);
    assumeTrue(
        Files.isDirectory(dir),
        "reference data " + dir.toAbsolutePath() + " is absent (set -Dpalr.shared=...); skipping");
    return dir;
  }
}
