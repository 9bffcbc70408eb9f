package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokenization of examples and the truncation policies; schedules and configuration checks. */
class SftEncoderTest {
  static final WordLevelTokenizer TOK =
      WordLevelTokenizer.train(List.of("one two three four five six", " yes no"), 1);

  @Test
  void encodesBosPromptResponseEos() {
    SftEncoder enc = new SftEncoder(TOK, 100, TruncationPolicy.SKIP);
    TokenizedExample e = enc.encode(new SftExample("one two three", " yes"));
    assertThat(e.ids())
        .containsExactly(
            1,
            TOK.pieceId("one"),
            TOK.pieceId("▁two"),
            TOK.pieceId("▁three"),
            TOK.pieceId("▁yes"),
            2);
    assertThat(e.promptLength()).isEqualTo(4);
    assertThat(e.responseLength()).isEqualTo(2);
  }

  @Test
  void truncatesThePromptFromTheLeftKeepingBosAndTheResponse() {
    SftEncoder enc = new SftEncoder(TOK, 5, TruncationPolicy.TRUNCATE_PROMPT_LEFT);
    SftEncoder.Encoded out =
        enc.encodeAll(
            List.of(
                new SftExample("one two three four five six", " yes no"),
                new SftExample("one", " yes"),
                new SftExample("one", " yes no yes no")));
    assertThat(out.examples()).hasSize(2);
    assertThat(out.truncated()).isEqualTo(1);
    assertThat(out.skipped()).isEqualTo(1);
    TokenizedExample cut = out.examples().get(0);
    assertThat(cut.ids())
        .containsExactly(1, TOK.pieceId("▁six"), TOK.pieceId("▁yes"), TOK.pieceId("▁no"), 2);
    assertThat(cut.promptLength()).isEqualTo(2);
  }

  @Test
  void skipPolicyDropsLongExamples() {
    SftEncoder enc = new SftEncoder(TOK, 5, TruncationPolicy.SKIP);
    SftEncoder.Encoded out =
        enc.encodeAll(
            List.of(
                new SftExample("one two three four five six", " yes no"),
                new SftExample("one", " yes")));
    assertThat(out.examples()).hasSize(1);
    assertThat(out.skipped()).isEqualTo(1);
    assertThat(out.truncated()).isZero();
  }

  @Test
  void warmupThenCosineOrLinearDecay() {
    assertThat(LrSchedule.COSINE.rate(1, 10, 2, 1.0, 0.0)).isEqualTo(0.5);
    assertThat(LrSchedule.COSINE.rate(2, 10, 2, 1.0, 0.0)).isEqualTo(1.0);
    assertThat(LrSchedule.COSINE.rate(6, 10, 2, 1.0, 0.0))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(LrSchedule.COSINE.rate(10, 10, 2, 1.0, 0.1))
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(LrSchedule.LINEAR.rate(6, 10, 2, 1.0, 0.0))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(LrSchedule.CONSTANT.rate(9, 10, 0, 0.3, 0.0)).isEqualTo(0.3);
  }

  @Test
  void configValidatesItsFields() {
    assertThatThrownBy(() -> FineTuneConfig.builder().targetModules("qproj").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qproj");
    assertThatThrownBy(() -> FineTuneConfig.builder().batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    FineTuneConfig c =
        FineTuneConfig.builder().lora(4, 8).targetModules(FineTuneConfig.ALL_LINEAR).build();
    assertThat(c.loraScale()).isEqualTo(2.0);
    assertThat(c.resolvedTargetModules()).containsExactlyElementsOf(FineTuneConfig.PROJECTIONS);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
