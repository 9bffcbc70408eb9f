package io.palr.examples;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A host team's business rule as a {@link CandidateRetriever}: "new releases in the user's
 * favourite genre". The favourite genre is the most frequent one in the history (ties: the most
 * recent); candidates are the catalogue's items of that genre the user has not seen, newest first
 * (score = release year). Users with no genre information get the newest items overall. Immutable
 * and thread-safe, as the contract requires: it uses {@code palr-api} alone, and its test extends
 * palr-testkit's {@code CandidateRetrieverContract}.
 */
public final class NewReleasesRetriever implements CandidateRetriever {
  private final List<Item> newestFirst;

  /**
   * A retriever over a catalogue.
   *
   * @param catalog the items to choose from
   */
  public NewReleasesRetriever(Collection<Item> catalog) {
    Objects.requireNonNull(catalog, "catalog");
    List<Item> items = new ArrayList<>(catalog);
    items.sort(
        Comparator.comparingInt((Item it) -> it.year().orElse(Integer.MIN_VALUE))
            .reversed()
            .thenComparing(Item::id));
    this.newestFirst = List.copyOf(items);
  }

  @Override
  public String name() {
    return "new-releases";
  }

  @Override
  public List<Candidate> retrieve(UserHistory history, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    String genre = favouriteGenre(history);
    Set<String> seen = new HashSet<>();
    history.items().forEach(it -> seen.add(it.id()));
    List<Candidate> out = new ArrayList<>(k);
    for (Item it : newestFirst) {
      if (out.size() == k) {
        break;
      }
      if (!seen.contains(it.id()) && (genre == null || it.genres().contains(genre))) {
        out.add(new Candidate(it, it.year().orElse(0), name()));
      }
    }
    return out;
  }

  /**
   * The most frequent genre in the history, the most recent one on ties; null when no item has a
   * genre.
   */
  static String favouriteGenre(UserHistory history) {
    Map<String, Integer> counts = new HashMap<>();
    String best = null;
    List<Item> items = history.items();
    for (int i = items.size() - 1; i >= 0; i--) {
      for (String g : items.get(i).genres()) {
        int c = counts.merge(g, 1, Integer::sum);
        if (best == null || c > counts.get(best)) {
          best = g;
        }
      }
    }
    return best;
  }
}
