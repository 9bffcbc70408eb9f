package io.palr.data.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoOccurrenceGraphTest {
  // items 0-1-2 form a chain seen twice; 3-4 once; 5 alone
  private final List<int[]> seqs =
      List.of(new int[] {0, 1, 2}, new int[] {0, 1, 2}, new int[] {3, 4}, new int[] {5});

  @Test
  void weightsAreCosineNormalisedCounts() {
    CoOccurrenceGraph g = CoOccurrenceGraph.build(6, seqs, new CoOccurrenceGraph.Options(1, 10));
    assertThat(g.popularity(0)).isEqualTo(2);
    assertThat(g.weight(0, 1)).isEqualTo(1.0f); // 2 / sqrt(2*2)
    assertThat(g.weight(0, 2)).isZero(); // window 1: not adjacent
    assertThat(g.weight(3, 4)).isEqualTo(1.0f);
    assertThat(g.neighbours(1)).containsExactly(0, 2);
    assertThat(g.neighbours(5)).isEmpty();
    CoOccurrenceGraph wide = CoOccurrenceGraph.build(6, seqs, new CoOccurrenceGraph.Options(2, 10));
    assertThat(wide.weight(0, 2)).isEqualTo(1.0f);
  }

  @Test
  void expandFollowsPathsAndExcludes() {
    CoOccurrenceGraph g = CoOccurrenceGraph.build(6, seqs, new CoOccurrenceGraph.Options(1, 10));
    assertThat(g.expand(new int[] {0}, 1, 10, j -> false)).containsExactly(1);
    assertThat(g.expand(new int[] {0}, 2, 10, j -> false)).containsExactly(1, 2);
    assertThat(g.expand(new int[] {0}, 3, 10, j -> j == 2)).containsExactly(1);
    assertThat(g.expand(new int[] {0}, 3, 10, j -> false)).doesNotContain(3, 4, 5, 0);
  }

  @Test
  void scoresHistoryAndPrunesNeighbours() {
    CoOccurrenceGraph g = CoOccurrenceGraph.build(6, seqs, new CoOccurrenceGraph.Options(2, 1));
    assertThat(g.neighbours(1)).hasSize(1);
    float[] s = new float[6];
    CoOccurrenceGraph.build(6, seqs, CoOccurrenceGraph.Options.defaults())
        .score(new int[] {3}, 0.5, s);
    assertThat(s[4]).isEqualTo(1.0f);
    assertThat(s[0]).isZero();
    assertThatThrownBy(
            () ->
                CoOccurrenceGraph.build(
                    3, List.of(new int[] {5}), CoOccurrenceGraph.Options.defaults()))
        .hasMessageContaining("outside");
  }
}
