package io.palr.eval.metrics;

/**
 * Reciprocal rank, averaged over users into MRR: {@code 1 / position}, or 0 beyond the cutoff.
 *
 * @param k the cutoff, at least 1, or {@link Metric#NO_CUTOFF} for plain MRR over the full ranking
 */
public record ReciprocalRank(int k) implements Metric {
  /** Validates the cutoff. */
  public ReciprocalRank {
    Metric.checkCutoff(k);
  }

  @Override
  public String name() {
    return k == NO_CUTOFF ? "MRR" : "MRR@" + k;
  }

  @Override
  public int cutoff() {
    return k;
  }

  @Override
  public double atPosition(int position) {
    Metric.checkPosition(position);
    return position <= k ? 1.0 / position : 0.0;
  }

  @Override
  public String toString() {
    return name();
  }
}
