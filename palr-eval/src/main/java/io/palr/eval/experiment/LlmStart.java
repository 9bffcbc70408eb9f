package io.palr.eval.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the fine-tuned LLM starts: a small LLaMA-architecture model initialised at random with a
 * word-level tokenizer trained on the experiment's own texts ({@link #scratch()}), or a pretrained
 * Hugging Face folder such as {@code stories260K-hf} ({@link #pretrained(Path)}).
 *
 * @param pretrained the pretrained folder, empty for a model trained from scratch
 */
public record LlmStart(Optional<Path> pretrained) {
  /** Validates the components. */
  public LlmStart {
    java.util.Objects.requireNonNull(pretrained, "pretrained");
  }

  /** A randomly initialised demo model with a word-level tokenizer. */
  public static LlmStart scratch() {
    return new LlmStart(Optional.empty());
  }

  /** A pretrained Hugging Face LLaMA folder. */
  public static LlmStart pretrained(Path folder) {
    return new LlmStart(Optional.of(folder));
  }

  /**
   * Parses {@code scratch} or a folder path.
   *
   * @throws IllegalArgumentException if the folder has no {@code config.json}
   */
  public static LlmStart parse(String value) {
    if (value.equalsIgnoreCase("scratch")) {
      return scratch();
    }
    Path p = Path.of(value);
    if (!Files.isRegularFile(p.resolve("config.json"))) {
      throw new IllegalArgumentException(
          "LLM start '"
              + value
              + "' is neither 'scratch' nor a Hugging Face folder"
              + " with config.json");
    }
    return pretrained(p);
  }

  /** Whether the model is trained from scratch. */
  public boolean isScratch() {
    return pretrained.isEmpty();
  }

  /** A short name for reports: "scratch" or the folder's name. */
  public String name() {
    return pretrained
        .map(p -> p.toAbsolutePath().normalize().getFileName().toString())
        .orElse("scratch");
  }
}
