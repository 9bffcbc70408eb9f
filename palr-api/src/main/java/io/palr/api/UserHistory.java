package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * A user's interaction history in chronological order, oldest first.
 *
 * @param userId external user id (may be a synthetic id for anonymous sessions)
 * @param items the items interacted with, oldest first; may be empty (cold start)
 */
public record UserHistory(String userId, List<Item> items) {
  /** Validates and defensively copies the components. */
  public UserHistory {
    Objects.requireNonNull(userId, "userId");
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** A history of the given items. */
  public static UserHistory of(String userId, List<Item> items) {
    return new UserHistory(userId, items);
  }

  /** Number of interactions. */
  public int size() {
    return items.size();
  }

  /** Whether the history has no interactions (cold start). */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The most recent {@code n} items (all of them when fewer), oldest first. */
  public UserHistory lastN(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    return n >= items.size()
        ? this
        : new UserHistory(userId, items.subList(items.size() - n, items.size()));
  }
}
