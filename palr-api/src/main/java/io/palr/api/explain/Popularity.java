package io.palr.api.explain;

/**
 * How many users of the training data interacted with an item: the evidence for a user without
 * history ("popular with everyone").
 *
 * @param users users who interacted with the item
 * @param totalUsers users in the training data
 */
public record Popularity(int users, int totalUsers) {
  /** Validates the components. */
  public Popularity {
    if (users < 0 || totalUsers < 0 || users > totalUsers) {
      throw new IllegalArgumentException(
          "need 0 <= users <= totalUsers: " + users + " of " + totalUsers);
    }
  }
}
