package io.palr.cli.options;

import io.palr.cli.support.UsageException;
import io.palr.core.llm.LanguageModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens local LLaMA-family models as {@link LanguageModel}s (palr-llm). */
final class LocalModels {
  private LocalModels() {}

  static LanguageModel open(Path model, Path tokenizer, Path adapter) throws IOException {
    if (!Files.exists(model)) {
      throw new UsageException("no such model: " + model);
    }
    throw new UsageException("local LLaMA ranking needs palr-llm's LanguageModel, which this build does not have yet");
  }
}
