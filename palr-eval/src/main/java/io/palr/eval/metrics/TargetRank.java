package io.palr.eval.metrics;

/**
 * Where a user's target landed in a ranking, before any tie-breaking: how many ranked items scored
 * strictly higher and how many other items scored exactly the same. A {@link TiePolicy} turns this
 * into a position and metric values.
 *
 * <p>For list-based systems (retrievers, recommenders) the position is exact ({@code tied == 0}); a
 * target missing from the list is {@link #miss()}.
 *
 * @param found whether the target was ranked at all; false for a target missing from a retrieved
 *     list
 * @param better number of ranked items with a strictly higher score (0 when not found)
 * @param tied number of other ranked items with a score equal to the target's (0 when not found)
 */
public record TargetRank(boolean found, int better, int tied) {
  private static final TargetRank MISS = new TargetRank(false, 0, 0);

  /** Validates the components. */
  public TargetRank {
    if (better < 0 || tied < 0) {
      throw new IllegalArgumentException("better and tied must be >= 0: " + better + ", " + tied);
    }
    if (!found && (better != 0 || tied != 0)) {
      throw new IllegalArgumentException("a miss has no better/tied counts");
    }
  }

  /** A ranked target with the given counts. */
  public static TargetRank of(int better, int tied) {
    return new TargetRank(true, better, tied);
  }

  /** A target at an exact 1-based position with no ties. */
  public static TargetRank atPosition(int position) {
    Metric.checkPosition(position);
    return new TargetRank(true, position - 1, 0);
  }

  /** A target that was not ranked at all. */
  public static TargetRank miss() {
    return MISS;
  }

  /** The best position the target can take: {@code better + 1}. */
  public int bestPosition() {
    requireFound();
    return better + 1;
  }

  /** The worst position the target can take: {@code better + tied + 1}. */
  public int worstPosition() {
    requireFound();
    return better + tied + 1;
  }

  private void requireFound() {
    if (!found) {
      throw new IllegalStateException("the target was not ranked");
    }
  }
}
