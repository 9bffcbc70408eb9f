package io.palr.llm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only reference models; tests skip when they are absent. */
public final class SharedModels {
  private SharedModels() {}

  /** The models folder, or a skipped assumption. */
  public static Path models() {
    Path p = Path.of(System.getProperty("palr.shared", "../shared")).resolve("models");
    assumeTrue(
        Files.isDirectory(p),
        "reference models not found at " + p.toAbsolutePath() + " (skipping)");
    return p;
  }

  /** A file below the models folder, or a skipped assumption. */
  public static Path file(String relative) {
    Path p = models().resolve(relative);
    assumeTrue(Files.exists(p), "reference file not found: " + p.toAbsolutePath() + " (skipping)");
    return p;
  }
}
