package io.palr.testkit;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A retriever returning a fixed item list (minus the history) in order: "popularity" for tests. */
public final class ListRetriever implements CandidateRetriever {
  private final List<Item> items;

  /** A retriever over the items, best first. */
  public ListRetriever(List<Item> items) {
    this.items = List.copyOf(items);
  }

  @Override
  public String name() {
    return "list";
  }

  @Override
  public List<Candidate> retrieve(UserHistory history, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    Set<String> seen = new HashSet<>();
    history.items().forEach(i -> seen.add(i.id()));
    List<Candidate> out = new ArrayList<>();
    for (Item it : items) {
      if (out.size() >= k) {
        break;
      }
      if (!seen.contains(it.id())) {
        out.add(new Candidate(it, items.size() - out.size(), "list"));
      }
    }
    return out;
  }
}
