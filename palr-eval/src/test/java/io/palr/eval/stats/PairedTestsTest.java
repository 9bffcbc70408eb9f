package io.palr.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedTestsTest {

  @Test
  void tTestByHand() {
    // differences 1..5: mean 3, sd sqrt(2.5), se sqrt(0.5), t = 3 / sqrt(0.5) = 4.2426, df 4
    double[] a = {2, 4, 6, 8, 10};
    double[] b = {1, 2, 3, 4, 5};
    PairedTTest.Result r = PairedTTest.test(a, b);
    assertThat(r.meanDifference()).isEqualTo(3.0);
    assertThat(r.sdDifference()).isCloseTo(Math.sqrt(2.5), within(1e-12));
    assertThat(r.t()).isCloseTo(3 / Math.sqrt(0.5), within(1e-12));
    assertThat(r.df()).isEqualTo(4);
    // t table, df 4: 3.747 (p=0.02) < 4.243 < 4.604 (p=0.01); scipy.stats.ttest_1samp gives
    // 0.01323559956368269
    assertThat(r.pValue()).isBetween(0.01, 0.02).isCloseTo(0.01323559956368269, within(1e-12));
    // CI = 3 -+ 2.776445 * sqrt(0.5)
    assertThat(r.ciLow()).isCloseTo(3 - 2.7764451051977987 * Math.sqrt(0.5), within(1e-8));
    assertThat(r.ciHigh()).isCloseTo(3 + 2.7764451051977987 * Math.sqrt(0.5), within(1e-8));
  }

  @Test
  void tTestMatchesReference() {
    // scipy.stats.ttest_rel(a, b): statistic 1.9296124624698994, pvalue 0.09497649243577527,
    // 95% CI (-0.021134997842037734, 0.20863499784203773)
    double[] a = {0.5, 0.7, 0.2, 0.9, 0.4, 0.6, 0.8, 0.3};
    double[] b = {0.4, 0.5, 0.3, 0.6, 0.4, 0.5, 0.6, 0.35};
    PairedTTest.Result r = PairedTTest.test(a, b);
    assertThat(r.t()).isCloseTo(1.9296124624698994, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.09497649243577527, within(1e-12));
    assertThat(r.ciLow()).isCloseTo(-0.021134997842037734, within(1e-8));
    assertThat(r.ciHigh()).isCloseTo(0.20863499784203773, within(1e-8));
  }

  @Test
  void degenerateDifferences() {
    PairedTTest.Result same = PairedTTest.test(new double[] {1, 2, 3}, new double[] {1, 2, 3});
    assertThat(same.t()).isEqualTo(0.0);
    assertThat(same.pValue()).isEqualTo(1.0);
    PairedTTest.Result shifted = PairedTTest.test(new double[] {2, 3, 4}, new double[] {1, 2, 3});
    assertThat(shifted.t()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(shifted.pValue()).isEqualTo(0.0);
    assertThatThrownBy(() -> PairedTTest.test(new double[] {1}, new double[] {1}))
        .hasMessageContaining("2 pairs");
    assertThatThrownBy(() -> PairedTTest.test(new double[] {1, 2}, new double[] {1}))
        .hasMessageContaining("length");
    assertThatThrownBy(() -> PairedTTest.test(new double[] {1, Double.NaN}, new double[] {1, 2}))
        .hasMessageContaining("pair 1");
  }

  @Test
  void bootstrapIsSeededAndAgreesWithTheTTestOnLargeSamples() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 2000;
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = rng.nextDouble();
      a[i] =
          b[i]
              + 0.05
              + gaussian(rng); // true difference 0.05, sd 1; this draw has mean 0.023, t 1.07
    }
    PairedBootstrap boot = new PairedBootstrap(4000, 7);
    PairedBootstrap.Result r = boot.test(a, b);
    assertThat(boot.test(a, b)).isEqualTo(r);
    assertThat(new PairedBootstrap(4000, 8).test(a, b)).isNotEqualTo(r);
    PairedTTest.Result t = PairedTTest.test(a, b);
    assertThat(r.meanDifference()).isCloseTo(t.meanDifference(), within(1e-12));
    // the t-test gives p = 0.287; the bootstrap p varies by about +-0.02 across seeds (Monte Carlo
    // error)
    assertThat(t.pValue()).isCloseTo(0.2865, within(1e-3));
    assertThat(r.pValue()).isCloseTo(t.pValue(), within(0.05));
    assertThat(r.ciLow()).isCloseTo(t.ciLow(), within(0.01));
    assertThat(r.ciHigh()).isCloseTo(t.ciHigh(), within(0.01));
  }

  @Test
  void bootstrapPValueBounds() {
    PairedBootstrap boot = new PairedBootstrap(999, 1);
    // all differences positive: no resample reaches 0, p = 2 * (0 + 1) / (999 + 1)
    assertThat(boot.test(new double[] {2, 3, 4, 5}, new double[] {1, 1, 1, 1}).pValue())
        .isEqualTo(0.002);
    assertThat(boot.test(new double[] {1, 2}, new double[] {1, 2}).pValue()).isEqualTo(1.0);
    assertThat(PairedBootstrap.percentile(new double[] {1, 2, 3, 4, 5}, 0.5)).isEqualTo(3.0);
    assertThat(PairedBootstrap.percentile(new double[] {1, 2, 3, 4, 5}, 0.1))
        .isCloseTo(1.4, within(1e-12));
    assertThatThrownBy(() -> new PairedBootstrap(10, 1)).hasMessageContaining("100");
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
