package io.palr.eval.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdItemsTest {
  @Test
  void theNewestItemsByFirstInteractionAreCold() {
    Catalog c =
        Catalog.of(
            List.of(
                Item.of("a", "A"),
                Item.of("b", "B"),
                Item.of("c", "C"),
                Item.of("d", "D"),
                Item.of("never", "N")));
    InteractionDataset ds =
        InteractionDataset.of(
            "t",
            c,
            List.of("u1", "u2"),
            List.of(new int[] {0, 1, 2}, new int[] {1, 3, 0}),
            List.of(new long[] {10, 20, 90}, new long[] {5, 50, 60}));
    // first times: a 10, b 5, c 90, d 50, never: none (newest)
    ColdItems two = ColdItems.newest(ds, 0.4);
    assertThat(two.count()).isEqualTo(2);
    assertThat(two.isCold(4)).isTrue();
    assertThat(two.isCold(2)).isTrue();
    assertThat(ColdItems.newest(ds, 0.6).isCold(3)).isTrue();
    assertThat(ColdItems.newest(ds, 0).count()).isZero();

    LeaveOneOutSplit split = LeaveOneOutSplit.of(ds);
    ColdItems cold = ColdItems.newest(ds, 0.4);
    assertThat(cold.coldTestUsers(split)).containsExactly(0);
    assertThat(cold.warmTestUsers(split)).containsExactly(1);
    LeaveOneOutSplit training = cold.trainingSplit(split);
    assertThat(training.train(0)).containsExactly(0);
    assertThat(cold.describe(split)).contains("2 cold items").contains("1 of 2 test users");
    assertThatThrownBy(() -> ColdItems.newest(ds, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inTheColdStartDemoTheColdItemsAreLateSequelsWithManyColdTestUsers() {
    InteractionDataset d = SyntheticDataset.generate(SyntheticDataset.Config.coldStartDemo());
    LeaveOneOutSplit split = LeaveOneOutSplit.of(d);
    ColdItems cold = ColdItems.newest(d, 0.1);
    assertThat(cold.count()).isEqualTo(33);
    assertThat(cold.coldTestUsers(split).length).isBetween(80, 250);
    int sequels = 0;
    for (int i = cold.items().nextSetBit(0); i >= 0; i = cold.items().nextSetBit(i + 1)) {
      if (d.catalog().item(i).title().matches(".* [IV]+$")) {
        sequels++;
      }
    }
    assertThat(sequels).isEqualTo(cold.count());
  }

  @Test
  void coldItemsNeverAppearInInstructionData() {
    InteractionDataset d =
        SyntheticDataset.generate(SyntheticDataset.Config.coldStartDemo().withUsers(300));
    LeaveOneOutSplit split = LeaveOneOutSplit.of(d);
    ColdItems cold = ColdItems.newest(d, 0.1);
    io.palr.core.prompt.PalrPromptTemplate template =
        io.palr.core.prompt.PalrPromptTemplate.builder(io.palr.core.prompt.Domain.MOVIES).build();
    List<io.palr.core.instruct.InstructionExample> examples =
        io.palr.core.instruct.InstructionDataGenerator.builder(cold.trainingSplit(split), template)
            .userSampleRate(1.0)
            .numCandidates(50)
            .seed(3)
            .build()
            .generate();
    assertThat(examples).hasSizeGreaterThan(100);
    java.util.Set<String> coldIds = new java.util.HashSet<>();
    for (int i = cold.items().nextSetBit(0); i >= 0; i = cold.items().nextSetBit(i + 1)) {
      coldIds.add(d.catalog().item(i).id());
    }
    for (io.palr.core.instruct.InstructionExample ex : examples) {
      assertThat(ex.historyItemIds()).doesNotContainAnyElementsOf(coldIds);
      assertThat(ex.targetItemIds()).doesNotContainAnyElementsOf(coldIds);
      assertThat(ex.candidateItemIds()).doesNotContainAnyElementsOf(coldIds);
    }
  }
}
