package io.palr.eval.stats;

/**
 * The special functions behind the Student t distribution: the log-gamma function (Lanczos
 * approximation, about 15 significant digits) and the regularised incomplete beta function
 * (continued fraction, modified Lentz method).
 */
public final class SpecialFunctions {
  private static final double[] LANCZOS = {
    0.9999999999998099,
    676.5203681218851,
    -1259.1392167224028,
    771.3234287776531,
    -176.6150291621406,
    12.507343278686905,
    -0.13857109526572012,
    0.000009984369578019572,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPSILON = 1e-15;
  private static final double TINY = 1e-300;

  private SpecialFunctions() {}

  /**
   * {@code ln Γ(x)} for {@code x > 0}.
   *
   * @throws IllegalArgumentException if {@code x <= 0} or NaN
   */
  public static double logGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("logGamma needs x > 0: " + x);
    }
    if (x < 0.5) {
      // reflection: Γ(x) Γ(1-x) = π / sin(πx)
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** {@code ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b)}. */
  public static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }

  /**
   * The regularised incomplete beta function {@code I_x(a, b)}, for {@code 0 <= x <= 1}, {@code a,
   * b > 0}.
   *
   * @throws IllegalArgumentException for arguments outside the domain
   * @throws ArithmeticException if the continued fraction does not converge
   */
  public static double regularizedIncompleteBeta(double x, double a, double b) {
    if (!(a > 0) || !(b > 0)) {
      throw new IllegalArgumentException("incomplete beta needs a, b > 0: " + a + ", " + b);
    }
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("incomplete beta needs 0 <= x <= 1: " + x);
    }
    if (x == 0 || x == 1) {
      return x;
    }
    double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
    // the continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 -
    // I_{1-x}(b,a) else
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(logFront) * continuedFraction(x, a, b) / a;
    }
    return 1 - Math.exp(logFront) * continuedFraction(1 - x, b, a) / b;
  }

  private static double continuedFraction(double x, double a, double b) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    d = 1 / nonZero(d);
    double h = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 / nonZero(1 + aa * d);
      c = nonZero(1 + aa / c);
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 / nonZero(1 + aa * d);
      c = nonZero(1 + aa / c);
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        return h;
      }
    }
    throw new ArithmeticException(
        "incomplete beta did not converge for x=" + x + ", a=" + a + ", b=" + b);
  }

  private static double nonZero(double v) {
    return Math.abs(v) < TINY ? TINY : v;
  }
}
