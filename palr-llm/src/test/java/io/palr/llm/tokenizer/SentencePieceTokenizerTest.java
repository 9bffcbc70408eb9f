package io.palr.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.llm.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentencePieceTokenizerTest {

  @Test
  void llama2TokenizerReproducesAllGgmlVectors() throws IOException {
    Path dir = SharedModels.file("llama2-tokenizer");
    ScoredBpeTokenizer tok = SentencePieceModelReader.read(dir.resolve("tokenizer.model"));
    assertThat(tok.vocabSize()).isEqualTo(32000);
    String inp =
        Files.readString(dir.resolve("ggml-vocab-llama-spm.gguf.inp"), StandardCharsets.UTF_8);
    // 46 separators: 46 strings plus the empty string after the last separator, whose expected line
    // is empty too
    List<String> inputs = Arrays.asList(inp.split("\n__ggml_vocab_test__\n", -1));
    List<String> outputs =
        Arrays.asList(
            Files.readString(dir.resolve("ggml-vocab-llama-spm.gguf.out"), StandardCharsets.UTF_8)
                .split("\n", -1));
    assertThat(inputs).hasSize(47);
    assertThat(outputs).hasSize(47);
    int ok = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 47; i++) {
      String line = outputs.get(i).strip();
      int[] expected =
          line.isEmpty()
              ? new int[0]
              : Arrays.stream(line.split(" +")).mapToInt(Integer::parseInt).toArray();
      int[] got = tok.encode(inputs.get(i), false);
      if (Arrays.equals(expected, got)) {
        ok++;
      } else {
        failures.add(
            i
                + ": "
                + inputs.get(i)
                + " expected "
                + Arrays.toString(expected)
                + " got "
                + Arrays.toString(got));
      }
    }
    assertThat(failures).as("%d/47 ok", ok).isEmpty();
    assertThat(tok.encode("Hello world", true)).containsExactly(1, 15043, 3186);
  }

  @Test
  void llama2TokenizerBinMatchesModel() throws IOException {
    Path dir = SharedModels.file("llama2-tokenizer");
    Tokenizer model = Tokenizers.load(dir.resolve("tokenizer.model"));
    Tokenizer bin = Tokenizers.load(dir.resolve("tokenizer.bin"));
    for (String s :
        List.of(
            "Once upon a time",
            "Hello, world! \u00e9\u00e8 \ud83d\ude00 1234 \n\n\ttab",
            "  two  spaces")) {
      assertThat(bin.encode(s, true)).containsExactly(model.encode(s, true));
      assertThat(model.decode(model.encode(s, true))).isEqualTo(s);
    }
    assertThat(model.encode("Once upon a time", false)).containsExactly(9038, 2501, 263, 931);
  }

  @Test
  void tok512EncodesOnceUponATime() throws IOException {
    for (String f : List.of("stories260K/tok512.model", "stories260K/tok512.bin")) {
      Tokenizer tok = Tokenizers.load(SharedModels.file(f));
      assertThat(tok.vocabSize()).isEqualTo(512);
      assertThat(tok.encode("Once upon a time", true)).as(f).containsExactly(1, 403, 407, 261, 378);
      assertThat(tok.decode(new int[] {1, 403, 407, 261, 378})).isEqualTo("Once upon a time");
      assertThat(tok.bosId()).isEqualTo(1);
      assertThat(tok.eosId()).isEqualTo(2);
    }
  }

  @Test
  void byteFallbackDecodesToUtf8AndContinuationKeepsSpace() throws IOException {
    Tokenizer tok = Tokenizers.load(SharedModels.file("stories260K/tok512.model"));
    String s = "caf\u00e9 \u4e2d";
    int[] ids = tok.encode(s, false);
    assertThat(Arrays.stream(ids).mapToObj(tok::piece)).anyMatch(p -> p.startsWith("<0x"));
    assertThat(tok.decode(ids)).isEqualTo(s);
    int[] prompt = tok.encode("Once upon", true);
    int[] cont = tok.encode(" a time", false);
    assertThat(
            tok.decodeContinuation(
                prompt, Arrays.copyOfRange(tok.encode("Once upon a time", true), 3, 5)))
        .isEqualTo(" a time");
    assertThat(cont).isNotEmpty();
  }

  @Test
  void invalidByteRunsDecodeLikeHuggingFaceByteFallback() throws IOException {
    Tokenizer tok = Tokenizers.load(SharedModels.file("llama2-tokenizer/tokenizer.model"));
    int e5 = tok.pieceId("<0xE5>");
    int x8f = tok.pieceId("<0x8F>");
    int xab = tok.pieceId("<0xAB>");
    int a = tok.pieceId("a");
    // the cases of tokenizers' ByteFallback decoder: one U+FFFD per byte of an invalid run
    assertThat(tok.decode(new int[] {e5})).isEqualTo("\uFFFD");
    assertThat(tok.decode(new int[] {e5, x8f})).isEqualTo("\uFFFD\uFFFD");
    assertThat(tok.decode(new int[] {e5, x8f, xab})).isEqualTo("\u53EB");
    assertThat(tok.decode(new int[] {e5, x8f, xab, a})).isEqualTo("\u53EBa");
    assertThat(tok.decode(new int[] {e5, x8f, a})).isEqualTo("\uFFFD\uFFFDa");
  }

  @Test
  void rejectsUnknownAndTruncatedFiles(@TempDir Path tmp) throws IOException {
    Path unknown = tmp.resolve("vocab.txt");
    Files.writeString(unknown, "hello");
    assertThatThrownBy(() -> Tokenizers.load(unknown))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("vocab.txt")
        .hasMessageContaining("unknown tokenizer format");
    Path model = SharedModels.file("stories260K/tok512.model");
    byte[] all = Files.readAllBytes(model);
    Path cut = tmp.resolve("cut.model");
    Files.write(cut, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> Tokenizers.load(cut))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("cut.model");
    byte[] bin = Files.readAllBytes(SharedModels.file("stories260K/tok512.bin"));
    Path cutBin = tmp.resolve("cut.bin");
    Files.write(cutBin, Arrays.copyOf(bin, bin.length - 3));
    assertThatThrownBy(() -> Tokenizers.load(cutBin))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("cut.bin");
  }
}
