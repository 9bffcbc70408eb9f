package io.palr.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, exact round trips, fallbacks and the file format of the word-level tokenizer. */
class WordLevelTokenizerTest {
  @TempDir Path tmp;

  static final List<String> CORPUS =
      List.of(
          "### Instruction:\nRank the candidates.\n\n### Input:\nCandidates: Harbor of the Silent Comet II, Echoes of"
              + " the Iron Garden (1997)",
          "### Response:\nHarbor of the Silent Comet II",
          "the the the of of Harbor");

  @Test
  void roundTripsTextExactlyAndKeepsTitlesShort() {
    WordLevelTokenizer tok = WordLevelTokenizer.train(CORPUS, 1);
    for (String text : CORPUS) {
      assertThat(tok.decode(tok.encode(text, true))).isEqualTo(text);
    }
    int[] ids = tok.encode("Harbor of the Silent Comet II", false);
    assertThat(ids).hasSize(6);
    assertThat(tok.piece(ids[1])).isEqualTo("▁of");
    assertThat(tok.encode("x", true)[0]).isEqualTo(tok.bosId());
    assertThat(tok.encode("(1997)", false)).hasSize(3);
    int[] rare = tok.encode("(1979)", false);
    assertThat(rare).hasSize(6);
    assertThat(tok.decode(rare)).isEqualTo("(1979)");
  }

  @Test
  void unknownWordsFallBackToCharactersAndUnseenCharactersToUnk() {
    WordLevelTokenizer tok = WordLevelTokenizer.train(CORPUS, 2);
    assertThat(tok.pieceId("▁Iron")).isEqualTo(-1);
    assertThat(tok.pieceId("▁Silent")).isPositive();
    String text = "the Iron Comet";
    int[] ids = tok.encode(text, false);
    assertThat(tok.decode(ids)).isEqualTo(text);
    assertThat(ids.length).isGreaterThan(3);
    assertThat(tok.encode("Zürich", false)).contains(WordLevelTokenizer.UNK);
    assertThat(
            tok.decode(
                new int[] {tok.pieceId("▁the"), WordLevelTokenizer.EOS, WordLevelTokenizer.PAD}))
        .isEqualTo(" the");
  }

  @Test
  void savesAndLoadsThroughTokenizers() throws Exception {
    WordLevelTokenizer tok = WordLevelTokenizer.train(CORPUS, 1);
    Path f = tmp.resolve("tokenizer.json");
    tok.save(f);
    Tokenizer back = Tokenizers.load(f);
    assertThat(back).isInstanceOf(WordLevelTokenizer.class);
    assertThat(((WordLevelTokenizer) back).pieces()).isEqualTo(tok.pieces());
    assertThat(back.encode(CORPUS.get(0), true)).containsExactly(tok.encode(CORPUS.get(0), true));
    assertThat(back.vocabSize()).isEqualTo(tok.vocabSize());
  }

  @Test
  void malformedFilesGetTypedErrorsNamingTheFile() throws Exception {
    Path f = tmp.resolve("bad.json");
    Files.writeString(
        f, "{\"format\": \"palr-word-level\", \"version\": 1, \"pieces\": [\"<unk>\", \"<s>\"]}");
    assertThatThrownBy(() -> Tokenizers.load(f))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("pieces must start");
    Files.writeString(
        f,
        "{\"format\": \"palr-word-level\", \"version\": 1, \"pieces\": [\"<unk>\", \"<s>\", \"</s>\","
            + " \"<pad>\", \"▁\", \"a\", \"a\"]}");
    assertThatThrownBy(() -> Tokenizers.load(f))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("duplicate");
    Files.writeString(f, "{\"format\": \"palr-word-level\", \"version\": 1, \"pieces\": [");
    assertThatThrownBy(() -> Tokenizers.load(f)).isInstanceOf(TokenizerFormatException.class);
  }
}
