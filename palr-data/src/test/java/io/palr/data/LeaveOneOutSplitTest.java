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

  @Test
  void itemsHeldOutOfTrainingLeaveTrainingButStayTargetsAndHistory() {
    InteractionDataset ds =
        InteractionDataset.of(
            "t",
            CATALOG,
            List.of("u1", "u2"),
            List.of(new int[] {0, 3, 1, 2}, new int[] {2, 1, 3}),
            null);
    LeaveOneOutSplit plain = LeaveOneOutSplit.of(ds);
    java.util.BitSet cold = new java.util.BitSet();
    cold.set(3);
    LeaveOneOutSplit split = plain.withHeldOutOfTraining(cold);
    assertThat(split.train(0)).containsExactly(0);
    assertThat(split.trainAndValidation(0)).containsExactly(0, 3, 1);
    assertThat(split.testItem(1)).isEqualTo(3);
    assertThat(split.numUsers()).isEqualTo(plain.numUsers());
    assertThat(split.isHeldOutOfTraining(3)).isTrue();
    assertThat(plain.heldOutOfTraining().isEmpty()).isTrue();
    assertThat(plain.train(0)).containsExactly(0, 3);
    cold.set(0); // the split keeps its own copy
    assertThat(split.train(0)).containsExactly(0);
    java.util.BitSet outside = new java.util.BitSet();
    outside.set(9);
    assertThatThrownBy(() -> plain.withHeldOutOfTraining(outside))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
