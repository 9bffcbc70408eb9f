package io.palr.api.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void topKBreaksTiesByIndexAndSkipsExcluded() {
    float[] s = {1f, 5f, 5f, Float.NaN, 2f};
    BitSet ex = new BitSet();
    ex.set(4);
    assertThat(TopK.select(s, 3, ex)).containsExactly(1, 2, 0);
    assertThat(TopK.select(s, 10, null)).containsExactly(1, 2, 4, 0);
  }

  @Test
  void kLargerThanTheRowAndZeroAreFine() {
    assertThat(TopK.select(new float[] {0.5f, 0.7f}, 5, null)).containsExactly(1, 0);
    assertThat(TopK.select(new float[] {0.5f}, 0, null)).isEmpty();
  }
}
