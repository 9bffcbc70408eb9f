package io.palr.llm.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoRepeatNgramProcessorTest {
  @Test
  void bansExactlyTheTokensThatWouldRepeatAnNgram() {
    NoRepeatNgramProcessor p = new NoRepeatNgramProcessor(3);
    // generated: 5 6 7 9 5 6 | next after "5 6" was 7 -> 7 banned; nothing else
    int[] gen = {5, 6, 7, 9, 5, 6, 0, 0};
    float[] logits = new float[10];
    p.process(0, gen, 6, logits);
    for (int t = 0; t < 10; t++) {
      assertThat(logits[t]).as("token " + t).isEqualTo(t == 7 ? Float.NEGATIVE_INFINITY : 0f);
    }
    // two earlier occurrences with different continuations ban both
    int[] twice = {1, 2, 3, 1, 2, 4, 1, 2};
    float[] l2 = new float[10];
    p.process(0, twice, 8, l2);
    assertThat(l2[3]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(l2[4]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(l2[1]).isZero();
  }

  @Test
  void shortHistoriesAndUnigramsAndBadSizes() {
    float[] l = new float[4];
    new NoRepeatNgramProcessor(3).process(0, new int[] {1, 2}, 1, l);
    assertThat(l).containsOnly(0f);
    new NoRepeatNgramProcessor(1).process(0, new int[] {1, 3, 0}, 2, l);
    assertThat(Arrays.copyOf(l, 4))
        .containsExactly(0f, Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> new NoRepeatNgramProcessor(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
