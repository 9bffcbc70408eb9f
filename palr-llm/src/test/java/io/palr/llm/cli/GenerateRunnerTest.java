package io.palr.llm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.llm.SharedModels;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateRunnerTest {

  @Test
  void parsesArguments() {
    GenerateRunner.Request r = GenerateRunner.parse(new String[] {"--model", "m.bin", "--prompt", "Hi", "--max-tokens",
        "12", "--temperature", "0.7", "--top-k", "5", "--top-p", "0.9", "--seed", "3", "--threads", "1"});
    assertThat(r.model()).isEqualTo(Path.of("m.bin"));
    assertThat(r.maxTokens()).isEqualTo(12);
    assertThat(r.temperature()).isEqualTo(0.7);
    assertThat(r.topK()).isEqualTo(5);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.seed()).isEqualTo(3);
    assertThat(r.threads()).isEqualTo(1);
    assertThatThrownBy(() -> GenerateRunner.parse(new String[] {"--prompt", "x"}))
        .hasMessageContaining("--model");
    assertThatThrownBy(() -> GenerateRunner.parse(new String[] {"--model", "m", "--nope", "1"}))
        .hasMessageContaining("--nope");
  }

  @Test
  void findsDefaultTokenizers(@TempDir Path tmp) throws IOException {
    assertThat(LlamaModels.defaultTokenizer(SharedModels.file("stories260K/stories260K.bin")).getFileName())
        .hasToString("tok512.bin");
    assertThat(LlamaModels.defaultTokenizer(SharedModels.file("stories260K-hf")).getFileName())
        .hasToString("tokenizer.model");
    Path bin = tmp.resolve("model.bin");
    Files.write(bin, new byte[4]);
    Files.write(tmp.resolve("tok1.bin"), new byte[4]);
    Files.write(tmp.resolve("tok2.bin"), new byte[4]);
    assertThatThrownBy(() -> LlamaModels.defaultTokenizer(bin)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("several tokenizers");
    assertThatThrownBy(() -> LlamaModels.defaultTokenizer(tmp)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no tokenizer");
  }
}
