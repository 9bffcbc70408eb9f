package io.palr.eval.experiment;

import io.palr.api.Recommendation;
import io.palr.api.UserProfile;
import java.util.List;
import java.util.Map;

/**
 * One user shown in full: what the systems saw and what they answered.
 *
 * @param userId the user
 * @param recentHistory the most recent history titles (training + validation items, oldest first)
 * @param historyLength the full history length
 * @param profile the user's profile as used in the prompts
 * @param testItem the held-out test item's title
 * @param recommendations each system's recommendation, with provenance, by system name (table
 *     order)
 * @param rawOutputs each LLM system's raw model output by system name (absent for SASRec)
 */
public record UserShowcase(
    String userId,
    List<String> recentHistory,
    int historyLength,
    UserProfile profile,
    String testItem,
    Map<String, Recommendation> recommendations,
    Map<String, String> rawOutputs) {
  /** Defensively copies the components. */
  public UserShowcase {
    recentHistory = List.copyOf(recentHistory);
    recommendations =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recommendations));
    rawOutputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rawOutputs));
  }
}
