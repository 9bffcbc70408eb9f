package io.palr.retrieval.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HybridRetrieverTest {
  /** A retriever with a fixed scored list. */
  record Fixed(String name, List<String> ids, List<Double> scores) implements CandidateRetriever {
    @Override
    public List<Candidate> retrieve(UserHistory history, int k) {
      List<Candidate> out = new ArrayList<>();
      for (int i = 0; i < Math.min(k, ids.size()); i++) {
        out.add(new Candidate(Item.of(ids.get(i), "title " + ids.get(i)), scores.get(i), name));
      }
      return out;
    }
  }

  static final UserHistory H = UserHistory.of("u", List.of());

  static List<String> ids(List<Candidate> c) {
    return c.stream().map(x -> x.item().id()).toList();
  }

  // ids: "sasrec" knows warm items only; "text" ranks a cold item first
  static final Fixed SAS =
      new Fixed("sasrec", List.of("w1", "w2", "w3", "w4"), List.of(9.0, 8.0, 7.0, 1.0));
  static final Fixed TEXT =
      new Fixed("text", List.of("cold", "w3", "w1", "w9"), List.of(0.9, 0.8, 0.5, 0.1));

  @Test
  void reciprocalRankFusionLetsAnItemOnlyOneComponentKnowsIn() {
    HybridRetriever h = HybridRetriever.builder().add(SAS, 1).add(TEXT, 1).build();
    List<Candidate> c = h.retrieve(H, 3);
    // w1: 1/61 + 1/63, w3: 1/63 + 1/62, cold: 1/61, w2: 1/62
    assertThat(ids(c)).containsExactly("w1", "w3", "cold");
    assertThat(c.get(0).source()).isEqualTo("hybrid");
    assertThat(c.get(0).score())
        .isCloseTo((1.0 / 61 + 1.0 / 63) / 2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ids(h.withWeights(0, 1).retrieve(H, 1))).containsExactly("cold");
    assertThat(ids(h.withWeights(1, 0).retrieve(H, 4))).containsExactly("w1", "w2", "w3", "w4");
    assertThat(h.withWeights(1, 0.5).describe()).isEqualTo("RRF(sasrec x1, text x0.5)");
  }

  @Test
  void scoreFusionScalesEachListToZeroOne() {
    HybridRetriever h =
        HybridRetriever.builder()
            .fusion(HybridRetriever.Fusion.SCORE)
            .add(SAS, 1)
            .add(TEXT, 1)
            .build();
    List<Candidate> c = h.retrieve(H, 5);
    // w1: 1 + 0.5, w3: 0.75 + 0.875, cold: 1, w2: 0.875, w9: 0, w4: 0
    assertThat(ids(c)).containsExactly("w3", "w1", "cold", "w2", "w4");
    assertThat(c.get(0).score())
        .isCloseTo((0.75 + 0.875) / 2, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aComponentAbstainsOnItemsItDoesNotKnow() {
    // SASRec was trained on w* items only; it also returns the cold item, with a meaningless score
    Fixed sas = new Fixed("sasrec", List.of("cold", "w1", "w2", "w3"), List.of(9.5, 9.0, 8.0, 7.0));
    HybridRetriever h =
        HybridRetriever.builder()
            .add(sas, 1, item -> item.id().startsWith("w"))
            .add(TEXT, 0.25)
            .build();
    List<Candidate> c = h.retrieve(H, 3);
    // cold: text only, 1/61; w1: (1/61 + 0.25/63) / 1.25; w3: (1/63 + 0.25/62) / 1.25
    assertThat(ids(c)).containsExactly("cold", "w1", "w3");
    assertThat(c.get(0).score()).isCloseTo(1.0 / 61, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(c.get(1).score())
        .isCloseTo((1.0 / 61 + 0.25 / 63) / 1.25, org.assertj.core.data.Offset.offset(1e-12));
    // without the declaration the cold item gets SASRec's rank 1 as well
    HybridRetriever plain = HybridRetriever.builder().add(sas, 1).add(TEXT, 0.25).build();
    assertThat(plain.retrieve(H, 1).get(0).score())
        .isCloseTo((1.0 / 61 + 0.25 / 61) / 1.25, org.assertj.core.data.Offset.offset(1e-12));
    // an item no weighted component knows scores 0
    assertThat(h.withWeights(1, 0).retrieve(H, 4).get(3).score()).isZero();
  }

  @Test
  void tiesKeepTheOrderOfFirstAppearance() {
    Fixed a = new Fixed("a", List.of("x", "y"), List.of(1.0, 1.0));
    Fixed b = new Fixed("b", List.of("y", "x"), List.of(1.0, 1.0));
    assertThat(ids(HybridRetriever.builder().add(a, 1).add(b, 1).build().retrieve(H, 2)))
        .containsExactly("x", "y");
  }

  @Test
  void componentsAreAskedForThePoolNotJustK() {
    List<Integer> asked = new ArrayList<>();
    CandidateRetriever spy =
        new CandidateRetriever() {
          @Override
          public String name() {
            return "spy";
          }

          @Override
          public List<Candidate> retrieve(UserHistory history, int k) {
            asked.add(k);
            return List.of();
          }
        };
    HybridRetriever.builder().add(spy, 1).pool(120).build().retrieve(H, 10);
    HybridRetriever.builder().add(spy, 1).pool(5).build().retrieve(H, 10);
    assertThat(asked).containsExactly(120, 10);
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> HybridRetriever.builder().add(SAS, 0).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> HybridRetriever.builder().add(SAS, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    HybridRetriever h = HybridRetriever.builder().add(SAS, 1).build();
    assertThatThrownBy(() -> h.retrieve(H, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.withWeights(1, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
