package io.palr.api;

import java.util.Objects;

/**
 * One implicit-feedback event: a user interacted with an item at a time.
 *
 * @param userId external user id
 * @param itemId external item id
 * @param timestamp event time in seconds since the epoch (or any monotone order key when the source
 *     has no clock)
 */
public record Interaction(String userId, String itemId, long timestamp) {
  /** Validates the components. */
  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
  }
}
