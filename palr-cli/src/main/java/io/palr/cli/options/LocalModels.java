package io.palr.cli.options;

import io.palr.api.llm.LanguageModel;
import io.palr.cli.support.UsageException;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.load.LoadOptions;
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
    if (tokenizer != null && !Files.exists(tokenizer)) {
      throw new UsageException("no such tokenizer: " + tokenizer);
    }
    LoadOptions options = LoadOptions.defaults();
    if (adapter != null) {
      if (!Files.isDirectory(adapter)) {
        throw new UsageException("no such adapter folder: " + adapter);
      }
      options = options.withAdapter(adapter, true);
    }
    return LlamaLanguageModel.open(model, tokenizer, options);
  }
}
