package io.palr.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.FinishReason;
import io.palr.llm.decode.Generation;
import io.palr.llm.load.LoadOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Greedy generation of stories260K against llama2.c run.c, for the .bin and the Hugging Face
 * layout.
 */
class GenerationReferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"stories260K/stories260K.bin", "stories260K-hf"})
  void greedy64PositionsReproducesRunCOutput(String model) throws IOException {
    String expected =
        Files.readString(
            SharedModels.file("stories260K/reference/runc_greedy_once_upon_a_time_n64.txt"),
            StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    // run.c -n 64 with a 5-token prompt (BOS included) generates 64 - 5 + 1 = 60 tokens; run.c
    // prints the prompt,
    // then each piece as it is sampled, then a newline
    Generation g;
    try (LlamaLanguageModel lm =
        LlamaLanguageModel.open(SharedModels.file(model), null, LoadOptions.defaults())) {
      out.print("Once upon a time");
      g =
          lm.generate(
                  List.of("Once upon a time"),
                  new DecodeSettings(60, 0, 0, 1, 0, lm.stopTokens(), List.of(), List.of()),
                  (row, token, delta) -> out.print(delta))
              .get(0);
      out.println();
    }
    ByteArrayOutputStream buf = bytes;
    assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(g.tokens()).hasSize(60);
    assertThat(g.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"stories260K/stories260K.bin", "stories260K-hf"})
  void greedyTokensMatchTheFull512Run(String model) throws IOException {
    JsonNode ref =
        new ObjectMapper()
            .readTree(
                SharedModels.file("stories260K/reference/runc_greedy_reference.json").toFile());
    JsonNode inputs = ref.get("input_tokens_all_positions");
    try (LlamaLanguageModel lm =
        LlamaLanguageModel.open(SharedModels.file(model), null, LoadOptions.defaults())) {
      Generation g =
          lm.generate(
                  List.of("Once upon a time"), DecodeSettings.greedy(600, lm.stopTokens()), null)
              .get(0);
      int[] tokens = g.tokens();
      assertThat(tokens.length).isEqualTo(inputs.size() - 5 + 1 - 1);
      for (int i = 0; i < tokens.length; i++) {
        assertThat(tokens[i]).as("generated token %d", i).isEqualTo(inputs.get(5 + i).asInt());
      }
      assertThat(g.finishReason()).isEqualTo(FinishReason.STOP_TOKEN);
      String expected512 =
          Files.readString(
              SharedModels.file("stories260K/reference/runc_greedy_once_upon_a_time_n512.txt"),
              StandardCharsets.UTF_8);
      assertThat("Once upon a time" + g.text() + "\n").isEqualTo(expected512);
    }
  }
}
