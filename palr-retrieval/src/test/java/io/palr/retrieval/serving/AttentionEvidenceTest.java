package io.palr.retrieval.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.data.Catalog;
import io.palr.retrieval.model.SasRec;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.simple.PopularityScorer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionEvidenceTest {
  private static final int ITEMS = 30;

  private static Catalog catalog() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(Item.of("i" + i, "Item " + i));
    }
    return Catalog.of(items);
  }

  @Test
  void attentionRowsAlignWithHistoriesSumToOneInTheWindowAndIgnorePadding() {
    try (SasRec model =
        new SasRec(new SasRecConfig(8, 16, 2, 2, 0.2f, 0f), ITEMS, Device.cpu(), 5L)) {
      int[] longer = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
      int[] shorter = {4, 4, 9};
      float[][] both = model.lastPositionAttention(List.of(longer, new int[0], shorter));
      assertThat(both[0]).hasSize(12);
      assertThat(both[1]).isEmpty();
      assertThat(both[2]).hasSize(3);
      for (int i = 0; i < 4; i++) {
        assertThat(both[0][i]).as("outside the window of 8").isZero();
      }
      double sum = 0;
      for (float w : both[0]) {
        assertThat(w).isBetween(0f, 1f);
        sum += w;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-4));
      float[] alone = model.lastPositionAttention(List.of(shorter))[0];
      for (int i = 0; i < shorter.length; i++) {
        assertThat(alone[i]).isCloseTo(both[2][i], within(1e-5f));
      }
    }
  }

  @Test
  void supportsAreTheMostAttendedHistoryItemsWithoutTheItemItself() {
    Catalog catalog = catalog();
    try (SasRec model =
        new SasRec(new SasRecConfig(8, 16, 1, 1, 0.2f, 0f), ITEMS, Device.cpu(), 11L)) {
      AttentionEvidence evidence = new AttentionEvidence(model, catalog);
      List<Item> hist =
          List.of(
              catalog.item(3),
              Item.of("unknown", "Not here"),
              catalog.item(7),
              catalog.item(3),
              catalog.item(12));
      float[] w = model.lastPositionAttention(List.of(new int[] {3, 7, 3, 12}))[0];
      List<List<Support>> s =
          evidence.supports(
              UserHistory.of("u", hist), List.of(catalog.item(20), catalog.item(7)), 5);
      List<Support> first = s.get(0);
      assertThat(first).hasSize(3).allMatch(x -> x.kind() == SupportKind.ATTENTION);
      assertThat(first).extracting(x -> x.item().id()).containsExactlyInAnyOrder("i3", "i7", "i12");
      assertThat(first.get(0).value()).isGreaterThanOrEqualTo(first.get(1).value());
      Support three = first.stream().filter(x -> x.item().id().equals("i3")).findFirst().get();
      assertThat(three.position()).as("most recent occurrence").isEqualTo(3);
      assertThat(three.value()).isCloseTo(w[0] + w[2], within(1e-5));
      assertThat(s.get(1)).extracting(x -> x.item().id()).doesNotContain("i7");
      assertThat(evidence.supports(UserHistory.of("u", List.of()), List.of(catalog.item(1)), 2))
          .containsExactly(List.of());
    }
  }

  @Test
  void onlySasRecScorersHaveAttentionEvidence() {
    Catalog catalog = catalog();
    PopularityScorer pop = PopularityScorer.fit(ITEMS, List.of(new int[] {1, 2}));
    assertThat(AttentionEvidence.of(pop, catalog)).isEmpty();
    try (SasRec model =
        new SasRec(new SasRecConfig(8, 16, 1, 1, 0.2f, 0f), ITEMS, Device.cpu(), 1L)) {
      assertThat(AttentionEvidence.of(model, catalog)).isPresent();
    }
  }
}
