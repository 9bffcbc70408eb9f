package io.palr.eval.protocol;

import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TargetRank;
import io.palr.eval.metrics.TiePolicy;
import java.util.Objects;

/**
 * One user's outcome: which target was predicted and where it landed. Metric values are derived
 * from the rank on demand, so any metric at any cutoff can be computed after the run (up to the
 * system's list length).
 *
 * @param user the user's index in the split
 * @param userId the user's external id
 * @param target the target's item index
 * @param rank where the target landed, before tie-breaking
 */
public record UserResult(int user, String userId, int target, TargetRank rank) {
  /** Validates the components. */
  public UserResult {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(rank, "rank");
  }

  /** The metric's value for this user under a tie policy. */
  public double value(Metric metric, TiePolicy policy) {
    return policy.value(metric, rank);
  }

  /**
   * The target's position under a tie policy; {@link Double#NaN} when the target was not ranked.
   */
  public double position(TiePolicy policy) {
    return policy.position(rank);
  }
}
