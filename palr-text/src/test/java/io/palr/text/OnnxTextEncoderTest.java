package io.palr.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 (quantized) from the Maven artifact, offline. */
class OnnxTextEncoderTest {
  private static OnnxTextEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = OnnxTextEncoder.builder(EncoderModel.MINILM_L6_V2_Q).threads(2).build();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  static double cos(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  static void assertUnit(float[] v) {
    double n = 0;
    for (float x : v) {
      assertThat(Float.isFinite(x)).isTrue();
      n += x * x;
    }
    assertThat(Math.sqrt(n)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void similarTextsAreCloserThanUnrelatedOnes() {
    float[][] v =
        encoder
            .encode(
                List.of(
                    "Harbor of Stars III",
                    "Harbor of Stars IV",
                    "A Quiet Garden",
                    "matte red lipstick",
                    "long-lasting red lip color"))
            .vectors();
    assertThat(v).hasNumberOfRows(5);
    for (float[] x : v) {
      assertThat(x).hasSize(384);
      assertUnit(x);
    }
    assertThat(cos(v[0], v[1])).isGreaterThan(0.8).isGreaterThan(cos(v[0], v[2]) + 0.3);
    assertThat(cos(v[3], v[4])).isGreaterThan(cos(v[3], v[2]) + 0.2);
  }

  @Test
  void aTextGetsTheSameVectorAloneAndAmongOthers() {
    float[] alone = encoder.encode(List.of("Velvet Canyon II")).vectors()[0];
    List<String> many = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add("filler title number " + i + " with some longer words to pad a batch");
    }
    many.add(37, "Velvet Canyon II");
    float[] among = encoder.encode(many).vectors()[37];
    assertThat(among).containsExactly(alone);
  }

  @Test
  void emptyNonEnglishEmojiAndBrokenTextAllGiveUnitVectors() {
    List<String> texts =
        List.of(
            "",
            "   ",
            "口红 红色 哑光",
            "помада красная",
            "Rouge à lèvres mat",
            "💄💋✨",
            "💄 red lipstick",
            "red lipstick",
            "broken \uD800 surrogate");
    TextEncoder.EncodedTexts e = encoder.encode(texts);
    assertThat(e.truncated()).isZero();
    for (float[] v : e.vectors()) {
      assertUnit(v);
    }
    // an emoji the vocabulary lacks is one [UNK] piece: the English words still carry the meaning
    assertThat(cos(e.vectors()[6], e.vectors()[7])).isGreaterThan(0.8);
    // the non-English texts are not all mapped to the same point as the empty text
    assertThat(cos(e.vectors()[2], e.vectors()[0])).isLessThan(0.95);
    assertThat(cos(e.vectors()[3], e.vectors()[0])).isLessThan(0.95);
  }

  @Test
  void overLongTextIsTruncatedAndCounted() {
    String head = "waterproof mascara black ";
    String longText = head.repeat(400) + "garden hose";
    TextEncoder.EncodedTexts e = encoder.encode(List.of(longText, "short title"));
    assertThat(e.truncated()).isEqualTo(1);
    assertUnit(e.vectors()[0]);
    // what lies beyond the limit does not change the vector
    float[] cut = encoder.encode(List.of(head.repeat(400) + "lipstick")).vectors()[0];
    assertThat(cut).containsExactly(e.vectors()[0]);
  }

  @Test
  void floatModelAgreesWithTheQuantizedOne() {
    assumeTrue(
        EncoderModel.MINILM_L6_V2.available(), "float32 model artifact not on the classpath");
    List<String> texts = List.of("Harbor of Stars III", "matte red lipstick", "Eau de Parfum 50ml");
    try (OnnxTextEncoder fp32 = OnnxTextEncoder.builder(EncoderModel.MINILM_L6_V2).build()) {
      float[][] a = fp32.encode(texts).vectors();
      float[][] b = encoder.encode(texts).vectors();
      for (int i = 0; i < texts.size(); i++) {
        assertThat(cos(a[i], b[i])).isGreaterThan(0.95);
      }
      assertThat(fp32.modelId()).isNotEqualTo(encoder.modelId());
    }
  }

  @Test
  void modelIdNamesTheArtifactVersionAndSettings() {
    assertThat(encoder.modelId()).startsWith("all-minilm-l6-v2-q@1.").contains("max=256");
    assertThat(encoder.dimension()).isEqualTo(384);
  }

  @Test
  void aClosedEncoderRefusesWork() {
    OnnxTextEncoder e = OnnxTextEncoder.builder(EncoderModel.MINILM_L6_V2_Q).threads(1).build();
    e.close();
    assertThatThrownBy(() -> e.encode(List.of("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
