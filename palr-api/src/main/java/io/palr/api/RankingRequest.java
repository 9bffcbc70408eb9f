package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * Input of {@link LlmRanker#rank}: a user and the retriever's candidates.
 *
 * @param history the user's history, oldest first
 * @param profile the user's profile (may be empty)
 * @param candidates the retriever's candidates, in retriever order (best first)
 * @param k how many items to rank into the answer
 */
public record RankingRequest(
    UserHistory history, UserProfile profile, List<Candidate> candidates, int k) {
  /** Validates and defensively copies the components. */
  public RankingRequest {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(profile, "profile");
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
  }
}
