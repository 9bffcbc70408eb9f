package io.palr.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Anything that turns a user history into a ranked {@link Recommendation}: the full PALR pipeline,
 * or a baseline.
 */
public interface Recommender {

  /** A short stable name used in reports. */
  String name();

  /**
   * The top {@code k} items for the user whose history is given; always exactly {@code k} when the
   * catalogue allows.
   */
  Recommendation recommend(UserHistory history, int k);

  /** Recommendations for many users; the default calls {@link #recommend} per user. */
  default List<Recommendation> recommendAll(List<UserHistory> histories, int k) {
    List<Recommendation> out = new ArrayList<>(histories.size());
    for (UserHistory h : histories) {
      out.add(recommend(h, k));
    }
    return out;
  }
}
