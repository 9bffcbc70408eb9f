package io.palr.eval.metrics;

/**
 * Normalised discounted cumulative gain at K with a single relevant item: {@code 1 / log2(position
 * + 1)} when the position is at most K, else 0. The ideal DCG is 1 (the target at position 1), so
 * no further normalisation applies.
 *
 * @param k the cutoff, at least 1
 */
public record Ndcg(int k) implements Metric {
  private static final double LN2 = Math.log(2);

  /** Validates the cutoff. */
  public Ndcg {
    Metric.checkCutoff(k);
  }

  @Override
  public String name() {
    return "NDCG@" + k;
  }

  @Override
  public int cutoff() {
    return k;
  }

  @Override
  public double atPosition(int position) {
    Metric.checkPosition(position);
    return position <= k ? LN2 / Math.log(position + 1.0) : 0.0;
  }

  @Override
  public String toString() {
    return name();
  }
}
