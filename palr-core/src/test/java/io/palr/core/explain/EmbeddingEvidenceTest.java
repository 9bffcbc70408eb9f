package io.palr.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.explain.Explanation;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.core.prompt.Domain;
import io.palr.testkit.TestItems;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddingEvidenceTest {
  private final List<Item> movies = TestItems.movies();
  private final Map<String, float[]> vectors =
      Map.of(
          "m1", new float[] {1, 0},
          "m2", new float[] {0.8f, 0.6f},
          "m3", new float[] {0, 1},
          "m4", new float[] {-1, 0},
          "m5", new float[] {0.99f, 0.1f});
  private final EmbeddingEvidence text =
      new EmbeddingEvidence(
          "text",
          SupportKind.TEXT_SIMILARITY,
          it -> Optional.ofNullable(vectors.get(it.id())),
          0.5);

  @Test
  void closestHistoryItemsAboveTheThresholdSupportTheItem() {
    UserHistory h =
        UserHistory.of(
            "u",
            List.of(movies.get(1), movies.get(2), movies.get(3), movies.get(4), movies.get(9)));
    List<List<Support>> s = text.supports(h, List.of(movies.get(0), movies.get(9)), 5);
    assertThat(s.get(0)).extracting(x -> x.item().id()).containsExactly("m5", "m2");
    assertThat(s.get(0).get(0).value()).isCloseTo(0.995, within(1e-3));
    assertThat(s.get(0).get(0).position()).isEqualTo(3);
    assertThat(s.get(0)).allMatch(x -> x.kind() == SupportKind.TEXT_SIMILARITY);
    assertThat(s.get(1)).as("no vector, no evidence").isEmpty();
    assertThat(text.supports(h, List.of(movies.get(0)), 1).get(0)).hasSize(1);
  }

  @Test
  void theTemplateCitesTextSimilarity() {
    Explanations ex = Explanations.builder().evidence(text).domain(Domain.MOVIES).build();
    UserHistory h = UserHistory.of("u", List.of(movies.get(4)));
    io.palr.api.Recommendation rec;
    try (io.palr.core.pipeline.Palr palr =
        io.palr.core.pipeline.Palr.builder()
            .retriever(new io.palr.testkit.ListRetriever(List.of(movies.get(0))))
            .explanations(ex)
            .build()) {
      rec = palr.recommend(h, 1);
    }
    Explanation x = rec.items().get(0).explanation().orElseThrow();
    assertThat(x.sentence()).startsWith("Similar to \"Godfather, The (1972)\", which you watched");
    assertThat(x.citedItems()).containsExactly(movies.get(4));
  }
}
