package io.palr.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceJsonTokenizerTest {
  static final String JSON =
      """
      {"version":"1.0","truncation":null,"padding":null,
       "added_tokens":[{"id":0,"content":"<unk>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                       {"id":1,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                       {"id":2,"content":"</s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
       "normalizer":null,
       "pre_tokenizer":{"type":"Whitespace"},
       "post_processor":null,
       "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
       "model":{"type":"WordLevel","vocab":{"<unk>":0,"<s>":1,"</s>":2,"hello":3,"world":4,"once":5,"upon":6},"unk_token":"<unk>"}}
      """;

  @Test
  void encodesDecodesAndFindsSpecialTokens(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("tokenizer.json");
    Files.writeString(f, JSON);
    try (HuggingFaceJsonTokenizer t = (HuggingFaceJsonTokenizer) Tokenizers.load(f)) {
      assertThat(t.encode("hello world", true)).containsExactly(1, 3, 4);
      assertThat(t.encode("once upon", false)).containsExactly(5, 6);
      assertThat(t.decode(new int[] {1, 3, 4, 2})).isEqualTo("hello world");
      assertThat(t.bosId()).isEqualTo(1);
      assertThat(t.eosId()).isEqualTo(2);
      assertThat(t.vocabSize()).isEqualTo(7);
      assertThat(t.piece(4)).isEqualTo("world");
      assertThat(t.pieceId("upon")).isEqualTo(6);
    }
  }

  @Test
  void rejectsJsonWithoutVocabulary(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("tokenizer.json");
    Files.writeString(f, "{\"model\":{}}");
    assertThatThrownBy(() -> Tokenizers.load(f))
        .isInstanceOf(TokenizerFormatException.class)
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("vocab");
  }
}
