package io.palr.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.TestData;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.UserSelection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignificanceTestsTest {

  @Test
  void comparesTheBestSystemToEachOther() {
    LeaveOneOutSplit split = TestData.randomSplit(400, 60, 8, 5);
    Evaluator ev = Evaluator.builder(split).build();
    EvaluationResult constant = ev.evaluate("constant", TestData.constant(60));
    EvaluationResult index = ev.evaluate("index", TestData.indexOrder(60));
    EvaluationResult index2 = index.renamed("index-copy");
    List<Comparison> cs =
        SignificanceTests.defaults()
            .compareToBest(List.of(constant, index, index2), Metric.ndcg(10));
    assertThat(cs).hasSize(2);
    Comparison vsConstant = cs.get(0);
    assertThat(vsConstant.best()).isEqualTo("index");
    assertThat(vsConstant.system()).isEqualTo("constant");
    assertThat(vsConstant.n()).isEqualTo(400);
    assertThat(vsConstant.bestMean()).isCloseTo(index.mean(Metric.ndcg(10)), within(1e-12));
    assertThat(vsConstant.difference()).isGreaterThan(0);
    assertThat(vsConstant.significant()).isTrue();
    Comparison vsCopy = cs.get(1);
    assertThat(vsCopy.difference()).isEqualTo(0.0);
    assertThat(vsCopy.tTest().pValue()).isEqualTo(1.0);
    assertThat(vsCopy.significant()).isFalse();
  }

  @Test
  void pairsOnCommonUsersOnly() {
    LeaveOneOutSplit split = TestData.randomSplit(100, 40, 8, 9);
    EvaluationResult a =
        Evaluator.builder(split)
            .users(UserSelection.first(60))
            .build()
            .evaluate("a", TestData.indexOrder(40));
    EvaluationResult b =
        Evaluator.builder(split)
            .users(UserSelection.random(50, 1))
            .build()
            .evaluate("b", TestData.constant(40));
    long common = b.users().stream().filter(u -> u.user() < 60).count();
    assertThat(SignificanceTests.defaults().compare(a, b, Metric.hr(10)).n())
        .isEqualTo((int) common);
    EvaluationResult val =
        Evaluator.builder(split)
            .mode(EvaluationMode.VALIDATION)
            .build()
            .evaluate("v", TestData.constant(40));
    assertThatThrownBy(
            () -> SignificanceTests.defaults().compareToBest(List.of(a, val), Metric.hr(10)))
        .hasMessageContaining("cannot pair");
    // same data set name and mode but another split (users renamed): caught by the user ids
    LeaveOneOutSplit other =
        TestData.split(
            40,
            java.util.stream.IntStream.range(0, 100)
                .mapToObj(u -> new int[] {u % 40, (u + 1) % 40, (u + 2) % 40})
                .toArray(int[][]::new));
    EvaluationResult c = Evaluator.builder(other).build().evaluate("c", TestData.constant(40));
    EvaluationResult renamed =
        new EvaluationResult(
            "r",
            c.setup(),
            c.users().stream()
                .map(
                    x ->
                        new io.palr.eval.protocol.UserResult(
                            x.user(), "x" + x.userId(), x.target(), x.rank()))
                .toList(),
            c.elapsed(),
            c.extras());
    assertThatThrownBy(() -> SignificanceTests.defaults().compare(c, renamed, Metric.hr(10)))
        .hasMessageContaining("different splits");
  }
}
