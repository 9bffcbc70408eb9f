package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link PromptTemplate} may draw on.
 *
 * @param task the instruction task
 * @param history the user's history, oldest first
 * @param profile the user's profile (may be empty)
 * @param candidates the candidates to choose from, in the order they should be shown; empty for
 *     {@link PromptTask#RECOMMEND} and {@link PromptTask#PROFILE}
 * @param k how many items the model is asked for
 */
public record PromptContext(
    PromptTask task, UserHistory history, UserProfile profile, List<Candidate> candidates, int k) {
  /** Validates and defensively copies the components. */
  public PromptContext {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(profile, "profile");
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
  }
}
