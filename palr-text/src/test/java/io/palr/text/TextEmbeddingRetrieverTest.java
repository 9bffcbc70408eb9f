package io.palr.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.data.Catalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextEmbeddingRetrieverTest {
  private static OnnxTextEncoder encoder;
  private static Catalog catalog;
  private static ItemEmbeddings embeddings;

  @BeforeAll
  static void setUp() {
    encoder = OnnxTextEncoder.create();
    catalog =
        Catalog.of(
            List.of(
                Item.of("a1", "Harbor of Stars"),
                Item.of("a2", "Harbor of Stars II"),
                Item.of("a3", "Harbor of Stars III"),
                Item.of("b1", "The Frozen Orchard"),
                Item.of("b2", "The Frozen Orchard II"),
                Item.of("c1", "Midnight Circus"),
                Item.of("d1", "matte red lipstick"),
                Item.of("d2", "long-lasting red lip color"),
                Item.of("e1", "garden hose 50 ft")));
    embeddings = ItemEmbeddings.compute(catalog.items(), encoder);
  }

  @AfterAll
  static void tearDown() {
    encoder.close();
  }

  static UserHistory history(String... ids) {
    List<Item> items = new ArrayList<>();
    for (String id : ids) {
      items.add(
          catalog.contains(id) ? catalog.item(catalog.indexOf(id).getAsInt()) : Item.of(id, id));
    }
    return UserHistory.of("u", items);
  }

  static List<String> ids(List<Candidate> c) {
    return c.stream().map(x -> x.item().id()).toList();
  }

  @Test
  void theNextSequelComesFirstAndTheHistoryIsExcluded() {
    TextEmbeddingRetriever r = TextEmbeddingRetriever.builder(catalog, embeddings).build();
    List<Candidate> c = r.retrieve(history("b1", "a1", "a2"), 3);
    assertThat(ids(c)).hasSize(3).doesNotContain("a1", "a2", "b1");
    assertThat(ids(c).get(0)).isEqualTo("a3");
    assertThat(c.get(0).source()).isEqualTo("text");
    assertThat(c.get(0).score()).isGreaterThan(c.get(2).score());
  }

  @Test
  void theNewestItemsWeighMost() {
    TextEmbeddingRetriever r =
        TextEmbeddingRetriever.builder(catalog, embeddings).recencyDecay(0.3).build();
    assertThat(ids(r.retrieve(history("a1", "d1"), 1))).containsExactly("d2");
    assertThat(ids(r.retrieve(history("d1", "a1"), 1)).get(0)).startsWith("a");
  }

  @Test
  void anItemWithNoInteractionsIsRetrievedByItsText() {
    // a catalogue that gained an item nobody has seen: only its text is known
    List<Item> grown = new ArrayList<>(catalog.items());
    grown.add(Item.of("a4", "Harbor of Stars IV"));
    Catalog c2 = Catalog.of(grown);
    ItemEmbeddings e2 = ItemEmbeddings.compute(grown, encoder);
    TextEmbeddingRetriever r = TextEmbeddingRetriever.builder(c2, e2).build();
    assertThat(ids(r.retrieve(history("a1", "a2", "a3"), 2))).contains("a4");
  }

  @Test
  void unknownItemsAreSkippedAndAnEmptyHistoryUsesTheFallback() {
    TextEmbeddingRetriever plain = TextEmbeddingRetriever.builder(catalog, embeddings).build();
    assertThat(plain.retrieve(history("zz"), 3)).isEmpty();
    assertThat(plain.unknownItemCount()).isEqualTo(1);
    assertThat(ids(plain.retrieve(history("zz", "a1"), 1))).containsExactly("a2");

    float[] pop = new float[catalog.size()];
    pop[5] = 10;
    pop[8] = 5;
    TextEmbeddingRetriever withFallback =
        TextEmbeddingRetriever.builder(catalog, embeddings).fallbackScores(pop).build();
    assertThat(ids(withFallback.retrieve(UserHistory.of("u", List.of()), 2)))
        .containsExactly("c1", "e1");
  }

  @Test
  void scorerAgreesWithRetrieveAndBatchesMatchSingleCalls() {
    TextEmbeddingRetriever r =
        TextEmbeddingRetriever.builder(catalog, embeddings).parallel(true).build();
    List<UserHistory> hs = new ArrayList<>();
    List<int[]> idx = new ArrayList<>();
    for (int u = 0; u < 70; u++) {
      int a = u % catalog.size();
      int b = (u * 7 + 3) % catalog.size();
      hs.add(UserHistory.of("u" + u, List.of(catalog.item(a), catalog.item(b))));
      idx.add(new int[] {a, b});
    }
    List<List<Candidate>> batched = r.retrieveAll(hs, 4);
    float[][] scores = r.scorer().scoreAll(idx);
    assertThat(r.scorer().numItems()).isEqualTo(catalog.size());
    for (int u = 0; u < hs.size(); u++) {
      assertThat(batched.get(u)).isEqualTo(r.retrieve(hs.get(u), 4));
      Candidate top = batched.get(u).get(0);
      int i = catalog.indexOf(top.item().id()).getAsInt();
      assertThat((double) scores[u][i])
          .isCloseTo(top.score(), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> TextEmbeddingRetriever.builder(catalog, embeddings).recencyDecay(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TextEmbeddingRetriever.builder(Catalog.of(List.of(Item.of("x", "x"))), embeddings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalogue");
    TextEmbeddingRetriever r = TextEmbeddingRetriever.builder(catalog, embeddings).build();
    assertThatThrownBy(() -> r.retrieve(history("a1"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
