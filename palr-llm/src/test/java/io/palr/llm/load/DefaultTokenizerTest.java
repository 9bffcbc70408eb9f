package io.palr.llm.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.llm.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultTokenizerTest {

  @Test
  void findsDefaultTokenizers(@TempDir Path tmp) throws IOException {
    assertThat(
            LlamaModels.defaultTokenizer(SharedModels.file("stories260K/stories260K.bin"))
                .getFileName())
        .hasToString("tok512.bin");
    assertThat(LlamaModels.defaultTokenizer(SharedModels.file("stories260K-hf")).getFileName())
        .hasToString("tokenizer.model");
    Path bin = tmp.resolve("model.bin");
    Files.write(bin, new byte[4]);
    Files.write(tmp.resolve("tok1.bin"), new byte[4]);
    Files.write(tmp.resolve("tok2.bin"), new byte[4]);
    assertThatThrownBy(() -> LlamaModels.defaultTokenizer(bin))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("several tokenizers");
    assertThatThrownBy(() -> LlamaModels.defaultTokenizer(tmp))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no tokenizer");
  }
}
