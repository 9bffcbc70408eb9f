package io.palr.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StudentTTest {

  @Test
  void criticalValuesFromTheTTable() {
    // two-sided 5% critical values, as printed in every t table
    assertThat(StudentT.twoSidedP(12.706, 1)).isCloseTo(0.05, within(1e-4));
    assertThat(StudentT.twoSidedP(2.776, 4)).isCloseTo(0.05, within(1e-4));
    assertThat(StudentT.twoSidedP(2.228, 10)).isCloseTo(0.05, within(1e-4));
    assertThat(StudentT.twoSidedP(2.042, 30)).isCloseTo(0.05, within(1e-4));
    // two-sided 1%
    assertThat(StudentT.twoSidedP(3.169, 10)).isCloseTo(0.01, within(1e-4));
    // quantiles back
    assertThat(StudentT.inverseCdf(0.975, 1)).isCloseTo(12.70620474, within(1e-6));
    assertThat(StudentT.inverseCdf(0.975, 4)).isCloseTo(2.77644511, within(1e-6));
    assertThat(StudentT.inverseCdf(0.975, 10)).isCloseTo(2.22813885, within(1e-6));
    assertThat(StudentT.inverseCdf(0.025, 30)).isCloseTo(-2.04227246, within(1e-6));
  }

  @Test
  void closedFormsForOneAndTwoDegreesOfFreedom() {
    for (double t : new double[] {-30, -2.5, -0.1, 0, 0.7, 3, 100}) {
      // df = 1 is the Cauchy distribution; df = 2 has F(t) = 1/2 + t / (2 sqrt(2 + t^2))
      assertThat(StudentT.cdf(t, 1)).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-12));
      assertThat(StudentT.cdf(t, 2)).isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-12));
    }
  }

  @Test
  void matchesReferenceValues() {
    // reference values computed with scipy 1.17 (stats.t.cdf, special.betainc, special.gammaln)
    assertThat(StudentT.cdf(2.228, 10)).isCloseTo(0.9749941140914443, within(1e-12));
    assertThat(StudentT.cdf(-1.5, 3.5)).isCloseTo(0.10890909350767251, within(1e-12));
    assertThat(StudentT.cdf(0.3, 30)).isCloseTo(0.6168769473578236, within(1e-12));
    assertThat(StudentT.cdf(2.0, 200)).isCloseTo(0.9765734069064645, within(1e-12));
    assertThat(SpecialFunctions.regularizedIncompleteBeta(0.3, 2.5, 1.5))
        .isCloseTo(0.08894372317066562, within(1e-13));
    assertThat(SpecialFunctions.regularizedIncompleteBeta(0.9, 10, 0.5))
        .isCloseTo(0.15164090963470994, within(1e-13));
    assertThat(SpecialFunctions.regularizedIncompleteBeta(0.01, 0.5, 0.5))
        .isCloseTo(0.06376856085851985, within(1e-13));
    assertThat(SpecialFunctions.logGamma(0.5)).isCloseTo(0.5723649429247, within(1e-12));
    assertThat(SpecialFunctions.logGamma(10)).isCloseTo(12.801827480081469, within(1e-12));
    assertThat(SpecialFunctions.logGamma(123.4)).isCloseTo(469.3360974421906, within(1e-10));
    assertThat(SpecialFunctions.logGamma(0.1)).isCloseTo(2.252712651734206, within(1e-12));
  }

  @Test
  void largeDegreesOfFreedomApproachTheNormal() {
    assertThat(StudentT.twoSidedP(1.959964, 1e7)).isCloseTo(0.05, within(1e-5));
    assertThat(StudentT.cdf(Double.POSITIVE_INFINITY, 3)).isEqualTo(1.0);
    assertThat(StudentT.twoSidedP(0, 3)).isEqualTo(1.0);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> StudentT.cdf(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StudentT.cdf(Double.NaN, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpecialFunctions.regularizedIncompleteBeta(1.5, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StudentT.inverseCdf(1, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
