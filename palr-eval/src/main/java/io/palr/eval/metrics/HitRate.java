package io.palr.eval.metrics;

/**
 * Hit rate at K (HR@K, also called Recall@K with one target): 1 when the target's position is at
 * most K, else 0.
 *
 * @param k the cutoff, at least 1
 */
public record HitRate(int k) implements Metric {
  /** Validates the cutoff. */
  public HitRate {
    Metric.checkCutoff(k);
  }

  @Override
  public String name() {
    return "HR@" + k;
  }

  @Override
  public int cutoff() {
    return k;
  }

  @Override
  public double atPosition(int position) {
    Metric.checkPosition(position);
    return position <= k ? 1.0 : 0.0;
  }

  /** Closed form: the fraction of the tied positions that fall within K. */
  @Override
  public double expectedOver(int first, int count) {
    Metric.checkPosition(first);
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1: " + count);
    }
    long last = (long) first + count - 1;
    long inside = Math.max(0, Math.min(last, k) - first + 1);
    return (double) inside / count;
  }

  @Override
  public String toString() {
    return name();
  }
}
