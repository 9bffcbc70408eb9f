package io.palr.retrieval.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.Catalog;
import io.palr.retrieval.simple.PopularityScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ScorerRetrieverTest {
  private static final int N = 10;
  private final Catalog catalog = Catalog.of(items());

  /** Scores item i as i, plus the last history item's index * 100 on item (last + 1) % N. */
  private final ItemScorer scorer =
      new ItemScorer() {
        @Override
        public int numItems() {
          return N;
        }

        @Override
        public float[][] scoreAll(List<int[]> histories) {
          float[][] out = new float[histories.size()][N];
          for (int b = 0; b < out.length; b++) {
            for (int i = 0; i < N; i++) {
              out[b][i] = i;
            }
            int[] h = histories.get(b);
            out[b][(h[h.length - 1] + 1) % N] += 1000;
          }
          return out;
        }
      };

  // item 3 most popular, then 7
  private final PopularityScorer pop = PopularityScorer.fit(N, List.of(new int[] {3, 3, 3, 7, 7}));
  private final ScorerRetriever retriever = new ScorerRetriever("test", scorer, catalog, pop);

  private static List<Item> items() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      items.add(Item.of("i" + i, "Item " + i));
    }
    return items;
  }

  private UserHistory history(String... ids) {
    List<Item> items = new ArrayList<>();
    for (String id : ids) {
      items.add(
          catalog.indexOf(id).isPresent()
              ? catalog.item(catalog.indexOf(id).getAsInt())
              : Item.of(id, "?"));
    }
    return UserHistory.of("u", items);
  }

  private static List<String> ids(List<Candidate> cands) {
    return cands.stream().map(c -> c.item().id()).toList();
  }

  @Test
  void ranksByScoreAndExcludesHistory() {
    List<Candidate> c = retriever.retrieve(history("i9", "i2"), 4);
    assertThat(ids(c)).containsExactly("i3", "i8", "i7", "i6");
    assertThat(c).allMatch(x -> x.source().equals("test"));
    assertThat(c.get(0).score()).isEqualTo(1003.0);
  }

  @Test
  void canKeepHistoryItems() {
    ScorerRetriever keep = new ScorerRetriever("test", scorer, catalog, pop, false);
    assertThat(ids(keep.retrieve(history("i8"), 2))).containsExactly("i9", "i8");
  }

  @Test
  void unknownItemsAreSkippedAndCounted() {
    List<Candidate> c = retriever.retrieve(history("i4", "nope", "gone"), 1);
    assertThat(ids(c)).containsExactly("i5");
    assertThat(retriever.unknownItemCount()).isEqualTo(2);
  }

  @Test
  void emptyOrAllUnknownHistoryFallsBackToPopularity() {
    assertThat(ids(retriever.retrieve(history(), 2))).containsExactly("i3", "i7");
    assertThat(ids(retriever.retrieve(history("zzz"), 2))).containsExactly("i3", "i7");
  }

  @Test
  void returnsAtMostTheCatalogueAndRejectsBadK() {
    assertThat(retriever.retrieve(history("i1"), 50)).hasSize(N - 1);
    assertThatThrownBy(() -> retriever.retrieve(history("i1"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchedAndConcurrentCallsAgreeWithSingleCalls() throws Exception {
    List<UserHistory> users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      users.add(history("i" + (i % N), "i" + ((i * 7) % N)));
    }
    users.add(history());
    List<List<Candidate>> batched = retriever.retrieveAll(users, 5);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Candidate>>> futures = new ArrayList<>();
      for (UserHistory u : users) {
        futures.add(pool.submit(() -> retriever.retrieve(u, 5)));
      }
      for (int i = 0; i < users.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(batched.get(i));
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void nonFiniteScoresFailInsteadOfDroppingItems() {
    ItemScorer broken =
        new ItemScorer() {
          @Override
          public int numItems() {
            return N;
          }

          @Override
          public float[][] scoreAll(List<int[]> histories) {
            float[][] out = new float[histories.size()][N];
            out[0][5] = Float.NaN;
            out[0][2] = Float.NEGATIVE_INFINITY;
            return out;
          }
        };
    ScorerRetriever r = new ScorerRetriever("broken", broken, catalog, pop);
    assertThatThrownBy(() -> r.retrieve(UserHistory.of("u9", List.of(catalog.item(1))), 3))
        .isInstanceOf(io.palr.api.scoring.ScoreException.class)
        .hasMessageContaining("of item 'i2' for user 'u9' is not finite");
    // a non-finite score on a history item is never ranked, so it is harmless
    ScorerRetriever keep = new ScorerRetriever("broken", broken, catalog, pop);
    assertThat(keep.retrieve(UserHistory.of("u9", List.of(catalog.item(2), catalog.item(5))), 3))
        .hasSize(3);
  }
}
