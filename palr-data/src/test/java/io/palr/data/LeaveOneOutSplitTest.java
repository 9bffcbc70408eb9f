package io.palr.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneOutSplitTest {
  private static final Catalog CATALOG =
      Catalog.of(
          List.of(Item.of("a", "A"), Item.of("b", "B"), Item.of("c", "C"), Item.of("d", "D")));

  @Test
  void splitsLastTwoItemsAndListsTooShortUsers() {
    InteractionDataset ds =
        InteractionDataset.of(
            "t",
            CATALOG,
            List.of("u1", "short", "u2", "empty"),
            List.of(new int[] {0, 1, 2, 3}, new int[] {1, 2}, new int[] {3, 2, 1}, new int[0]),
            null);
    LeaveOneOutSplit split = LeaveOneOutSplit.of(ds);

    assertThat(split.numUsers()).isEqualTo(2);
    assertThat(split.tooShortUsers()).containsExactly("short", "empty");
    assertThat(split.userId(0)).isEqualTo("u1");
    assertThat(split.sourceUser(1)).isEqualTo(2);
    assertThat(split.train(0)).containsExactly(0, 1);
    assertThat(split.validationItem(0)).isEqualTo(2);
    assertThat(split.testItem(0)).isEqualTo(3);
    assertThat(split.trainAndValidation(0)).containsExactly(0, 1, 2);
    assertThat(split.train(1)).containsExactly(3);
    assertThat(split.validationItem(1)).isEqualTo(2);
    assertThat(split.testItem(1)).isEqualTo(1);
  }

  @Test
  void refusesADataSetWithNoUserLongEnough() {
    InteractionDataset ds =
        InteractionDataset.of("tiny", CATALOG, List.of("u"), List.of(new int[] {0, 1}), null);
    assertThatThrownBy(() -> LeaveOneOutSplit.of(ds))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tiny")
        .hasMessageContaining("at least 3");
  }
}
