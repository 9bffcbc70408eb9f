package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * A ranked list of recommended items for one user, with provenance.
 *
 * @param userId the user the recommendation is for
 * @param items ranked items, best first; ranks are 1..n
 * @param provenance how the list was produced
 */
public record Recommendation(String userId, List<RankedItem> items, Provenance provenance) {
  /** Validates and defensively copies the components. */
  public Recommendation {
    Objects.requireNonNull(userId, "userId");
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(provenance, "provenance");
  }

  /** The recommended items in order, without the per-item provenance. */
  public List<Item> itemList() {
    return items.stream().map(RankedItem::item).toList();
  }
}
