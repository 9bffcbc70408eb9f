package io.palr.eval.metrics;

/**
 * How a target that ties with other items on score is placed. The position is always {@code 1 +
 * (items scoring strictly higher)} plus an adjustment for the {@code t} items with exactly the
 * target's score:
 *
 * <ul>
 *   <li>{@link #PESSIMISTIC} (the default): after all tied items, position {@code better + t + 1}.
 *       A model that outputs a constant score gets the worst rank, so degenerate models never look
 *       good.
 *   <li>{@link #OPTIMISTIC}: before all tied items, position {@code better + 1}. Only for
 *       comparison with code that breaks ties in the target's favour; it inflates degenerate
 *       models.
 *   <li>{@link #EXPECTED}: the exact expectation under uniformly random tie-breaking: a metric's
 *       value is its mean over positions {@code better+1 .. better+t+1}, and the reported position
 *       is their mean.
 * </ul>
 *
 * <p>With real-valued model scores ties are rare and the policies agree; they differ for
 * count-based scorers (popularity) and broken models (all zeros).
 */
public enum TiePolicy {
  /** The target goes after every item with an equal score. */
  PESSIMISTIC,
  /** The target goes before every item with an equal score. */
  OPTIMISTIC,
  /** The mean over all placements of the target among the tied items. */
  EXPECTED;

  /**
   * The target's position under this policy (a mean position for {@link #EXPECTED}), or {@link
   * Double#NaN} when it was not ranked.
   */
  public double position(TargetRank rank) {
    if (!rank.found()) {
      return Double.NaN;
    }
    return switch (this) {
      case PESSIMISTIC -> rank.worstPosition();
      case OPTIMISTIC -> rank.bestPosition();
      case EXPECTED -> rank.better() + 1 + rank.tied() / 2.0;
    };
  }

  /** The metric's value for the target under this policy; 0 when the target was not ranked. */
  public double value(Metric metric, TargetRank rank) {
    if (!rank.found()) {
      return 0.0;
    }
    return switch (this) {
      case PESSIMISTIC -> metric.atPosition(rank.worstPosition());
      case OPTIMISTIC -> metric.atPosition(rank.bestPosition());
      case EXPECTED -> metric.expectedOver(rank.bestPosition(), rank.tied() + 1);
    };
  }
}
