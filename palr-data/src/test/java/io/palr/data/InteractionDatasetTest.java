package io.palr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionDatasetTest {
  private static final Catalog CATALOG =
      Catalog.of(List.of(Item.of("a", "A"), Item.of("b", "B"), Item.of("c", "")));

  @Test
  void flatArraysRoundTripAndStatistics() {
    InteractionDataset ds =
        InteractionDataset.ofArrays(
            "t",
            CATALOG,
            List.of("u1", "u2", "u3"),
            new int[] {0, 3, 4, 6},
            new int[] {0, 1, 2, 2, 1, 0},
            new long[] {1, 2, 3, 4, 5, 6});
    assertThat(ds.sequence(0)).containsExactly(0, 1, 2);
    assertThat(ds.timestamps(2)).containsExactly(5, 6);
    assertThat(ds.history(1).items()).extracting(Item::id).containsExactly("c");

    DatasetStatistics s = ds.statistics();
    assertThat(s.users()).isEqualTo(3);
    assertThat(s.items()).isEqualTo(3);
    assertThat(s.interactions()).isEqualTo(6);
    assertThat(s.density()).isEqualTo(6.0 / 9.0);
    assertThat(s.meanLength()).isEqualTo(2.0);
    assertThat(s.medianLength()).isEqualTo(2.0);
    assertThat(s.minLength()).isEqualTo(1);
    assertThat(s.maxLength()).isEqualTo(3);
    assertThat(s.toString()).contains("users=3", "interactions=6", "density=66.6667%");
    assertThat(ds.estimatedSizeBytes()).isGreaterThan(6 * 12);
  }

  @Test
  void medianOfAnEvenNumberOfUsersIsTheMeanOfTheMiddleTwo() {
    InteractionDataset ds =
        InteractionDataset.ofArrays(
            "t",
            CATALOG,
            List.of("u1", "u2"),
            new int[] {0, 1, 4},
            new int[] {0, 0, 1, 2},
            new long[4]);
    assertThat(ds.statistics().medianLength()).isEqualTo(2.0);
  }

  @Test
  void rejectsInconsistentArrays() {
    assertThatThrownBy(
            () ->
                InteractionDataset.ofArrays(
                    "t", CATALOG, List.of("u1"), new int[] {0, 2}, new int[] {0, 7}, new long[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7");
    assertThatThrownBy(
            () ->
                InteractionDataset.ofArrays(
                    "t",
                    CATALOG,
                    List.of("u1", "u2"),
                    new int[] {0, 2, 1},
                    new int[] {0},
                    new long[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                InteractionDataset.ofArrays(
                    "t", CATALOG, List.of("u1"), new int[] {0, 1}, new int[] {0}, new long[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void catalogIndicesOfKeepOrderAndLeaveOutUnknownItems() {
    Catalog c = Catalog.of(List.of(Item.of("a", "A"), Item.of("b", "B"), Item.of("c", "C")));
    assertThat(c.indicesOf(List.of(Item.of("c", "C"), Item.of("a", "A")))).containsExactly(2, 0);
    assertThat(c.indicesOf(List.of(Item.of("x", "X"), Item.of("b", "B"), Item.of("y", "Y"))))
        .containsExactly(1);
    assertThat(c.indicesOf(List.of())).isEmpty();
  }
}
