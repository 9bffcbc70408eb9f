package io.palr.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricTest {
  private static final double EPS = 1e-12;

  @Test
  void hitRateCountsPositionsWithinK() {
    Metric hr = Metric.hr(10);
    assertThat(hr.atPosition(1)).isEqualTo(1.0);
    assertThat(hr.atPosition(10)).isEqualTo(1.0);
    assertThat(hr.atPosition(11)).isEqualTo(0.0);
    assertThat(hr.name()).isEqualTo("HR@10");
  }

  @Test
  void ndcgIsInverseLog2OfPositionPlusOne() {
    Metric ndcg = Metric.ndcg(10);
    assertThat(ndcg.atPosition(1)).isCloseTo(1.0, within(EPS));
    assertThat(ndcg.atPosition(2)).isCloseTo(0.6309297535714575, within(EPS)); // 1/log2(3)
    assertThat(ndcg.atPosition(3)).isCloseTo(0.5, within(EPS)); // 1/log2(4)
    assertThat(ndcg.atPosition(10)).isCloseTo(0.2890648263178879, within(EPS)); // 1/log2(11)
    assertThat(ndcg.atPosition(11)).isEqualTo(0.0);
  }

  @Test
  void mrrIsInversePositionWithOptionalCutoff() {
    assertThat(Metric.mrr().atPosition(4)).isEqualTo(0.25);
    assertThat(Metric.mrr().atPosition(1_000_000)).isEqualTo(1e-6);
    assertThat(Metric.mrr(3).atPosition(4)).isEqualTo(0.0);
    assertThat(Metric.mrr().name()).isEqualTo("MRR");
    assertThat(Metric.mrr(5).name()).isEqualTo("MRR@5");
  }

  @Test
  void expectedOverAveragesTiedPositions() {
    // target tied with 3 others starting at position 1: positions 1..4
    assertThat(Metric.ndcg(2).expectedOver(1, 4))
        .isCloseTo((1 + 0.6309297535714575) / 4, within(EPS));
    assertThat(Metric.hr(2).expectedOver(1, 4)).isEqualTo(0.5);
    assertThat(Metric.hr(10).expectedOver(9, 4)).isEqualTo(0.5); // positions 9..12
    assertThat(Metric.hr(10).expectedOver(11, 4)).isEqualTo(0.0);
    assertThat(Metric.mrr().expectedOver(2, 3))
        .isCloseTo((1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 3, within(EPS));
  }

  @Test
  void hitRateClosedFormMatchesGenericMean() {
    Metric hr = Metric.hr(7);
    for (int first = 1; first < 12; first++) {
      for (int count = 1; count < 12; count++) {
        double sum = 0;
        for (int p = first; p < first + count; p++) {
          sum += hr.atPosition(p);
        }
        assertThat(hr.expectedOver(first, count)).isCloseTo(sum / count, within(EPS));
      }
    }
  }

  @Test
  void parsesNames() {
    assertThat(Metric.parse("hr@5")).isEqualTo(Metric.hr(5));
    assertThat(Metric.parse(" NDCG@20 ")).isEqualTo(Metric.ndcg(20));
    assertThat(Metric.parse("Recall@10")).isEqualTo(Metric.hr(10));
    assertThat(Metric.parse("MRR")).isEqualTo(Metric.mrr());
    assertThat(Metric.standard(5, 10))
        .extracting(Metric::name)
        .containsExactly("HR@5", "NDCG@5", "HR@10", "NDCG@10", "MRR");
    assertThatThrownBy(() -> Metric.parse("MAP@10")).hasMessageContaining("MAP@10");
    assertThatThrownBy(() -> Metric.parse("HR")).hasMessageContaining("cutoff");
    assertThatThrownBy(() -> Metric.parse("HR@x")).hasMessageContaining("HR@x");
    assertThatThrownBy(() -> Metric.hr(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metric.hr(5).atPosition(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
