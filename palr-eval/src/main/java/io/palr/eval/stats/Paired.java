package io.palr.eval.stats;

/** Shared checks for paired tests. */
final class Paired {
  private Paired() {}

  static double[] differences(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired samples differ in length: " + a.length + " vs " + b.length);
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        throw new IllegalArgumentException(
            "pair " + i + " has a non-finite value: " + a[i] + ", " + b[i]);
      }
      d[i] = a[i] - b[i];
    }
    return d;
  }
}
