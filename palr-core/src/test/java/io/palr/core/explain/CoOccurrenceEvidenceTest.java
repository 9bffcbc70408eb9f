package io.palr.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.explain.Popularity;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.data.Catalog;
import io.palr.testkit.TestItems;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoOccurrenceEvidenceTest {
  private final List<Item> movies = TestItems.movies();
  private final Catalog catalog = Catalog.of(movies);

  /** Users 0-3 have items 0 and 1; users 0-1 have 2 and 1; item 3 is everywhere. */
  private final List<int[]> train =
      List.of(
          new int[] {0, 1, 2, 3},
          new int[] {0, 2, 1, 3, 3},
          new int[] {0, 1, 3},
          new int[] {1, 0, 3},
          new int[] {4, 3},
          new int[] {5, 3},
          new int[] {3},
          new int[] {3},
          new int[] {3},
          new int[] {3});

  private final CoOccurrenceEvidence evidence =
      CoOccurrenceEvidence.build(catalog, train, CoOccurrenceEvidence.Options.defaults());

  @Test
  void countsDistinctUsersWhoHadBothItems() {
    assertThat(evidence.count(movies.get(0), movies.get(1))).isEqualTo(4);
    assertThat(evidence.count(movies.get(2), movies.get(1))).isEqualTo(2);
    assertThat(evidence.count(movies.get(3), movies.get(3))).isZero();
    assertThat(evidence.count(movies.get(0), Item.of("nope", "Unknown"))).isZero();
    assertThat(evidence.popularity(movies.get(3))).contains(new Popularity(10, 10));
    assertThat(evidence.popularity(movies.get(1))).contains(new Popularity(4, 10));
    assertThat(evidence.popularity(Item.of("nope", "x"))).isEmpty();
    assertThat(evidence.numUsers()).isEqualTo(10);
  }

  @Test
  void supportsAreRankedByCosineNotRawCountAndCarryTheCount() {
    // history: 3 (in every sequence: 4 users in common, cosine 0.63), 0 (4 users, cosine 1), 2 (2
    // users, cosine 0.71); candidate 1
    UserHistory h = UserHistory.of("u", List.of(movies.get(3), movies.get(0), movies.get(2)));
    List<Support> s = evidence.supports(h, List.of(movies.get(1)), 5).get(0);
    assertThat(s).extracting(x -> x.item().id()).containsExactly("m1", "m3", "m4");
    assertThat(s).extracting(Support::value).containsExactly(4.0, 2.0, 4.0);
    assertThat(s).extracting(Support::position).containsExactly(1, 2, 0);
    assertThat(s).allMatch(x -> x.kind() == SupportKind.CO_OCCURRENCE);
    assertThat(evidence.supports(h, List.of(movies.get(1)), 1).get(0)).hasSize(1);
  }

  @Test
  void pairsBelowTheMinimumCountAndUnknownItemsAreNoEvidence() {
    UserHistory h =
        UserHistory.of("u", List.of(Item.of("ghost", "Ghost"), movies.get(4), movies.get(0)));
    // item 4 co-occurs with 3 once: below the minimum of 2
    List<List<Support>> s =
        evidence.supports(h, List.of(movies.get(3), Item.of("x", "Unknown film")), 3);
    assertThat(s.get(0)).extracting(x -> x.item().id()).containsExactly("m1");
    assertThat(s.get(1)).isEmpty();
    CoOccurrenceEvidence lenient =
        CoOccurrenceEvidence.build(catalog, train, new CoOccurrenceEvidence.Options(50, 1));
    assertThat(lenient.supports(h, List.of(movies.get(3)), 3).get(0))
        .extracting(x -> x.item().id())
        .containsExactlyInAnyOrder("m1", "m5");
  }

  @Test
  void onlyTheWindowOfRecentDistinctItemsIsConsidered() {
    CoOccurrenceEvidence recent =
        CoOccurrenceEvidence.build(catalog, train, new CoOccurrenceEvidence.Options(1, 1));
    UserHistory h = UserHistory.of("u", List.of(movies.get(0), movies.get(2), movies.get(2)));
    List<Support> s = recent.supports(h, List.of(movies.get(1)), 3).get(0);
    assertThat(s).extracting(x -> x.item().id()).containsExactly("m3");
    assertThat(s.get(0).position()).isEqualTo(2);
  }

  @Test
  void emptyHistoryHasNoSupportsAndBadIndicesAreRejected() {
    assertThat(evidence.supports(UserHistory.of("u", List.of()), List.of(movies.get(1)), 3))
        .containsExactly(List.of());
    assertThatThrownBy(
            () ->
                CoOccurrenceEvidence.build(
                    catalog, List.of(new int[] {99}), CoOccurrenceEvidence.Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item index 99 of user 0");
    assertThatThrownBy(() -> evidence.supports(UserHistory.of("u", List.of()), List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
