package io.palr.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.TestData;
import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TiePolicy;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.stats.SignificanceTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultArchiveTest {
  @TempDir Path dir;

  @Test
  void roundTripsEveryPerUserRank() {
    LeaveOneOutSplit split = TestData.randomSplit(200, 80, 8, 4);
    EvaluationResult r =
        Evaluator.builder(split)
            .tiePolicy(TiePolicy.EXPECTED)
            .build()
            .evaluate("const", TestData.constant(80))
            .withExtra("hallucination rate", 0.25);
    Path f = dir.resolve("runs/const.json");
    ResultArchive.write(r, f);
    EvaluationResult back = ResultArchive.read(f);
    assertThat(back.system()).isEqualTo("const");
    assertThat(back.setup()).isEqualTo(r.setup());
    assertThat(back.users()).isEqualTo(r.users());
    assertThat(back.extras()).isEqualTo(r.extras());
    assertThat(back.elapsed()).isEqualTo(r.elapsed());
    assertThat(back.mean(Metric.ndcg(10))).isEqualTo(r.mean(Metric.ndcg(10)));
    // a result from another run pairs with a fresh one
    EvaluationResult idx =
        Evaluator.builder(split)
            .tiePolicy(TiePolicy.EXPECTED)
            .build()
            .evaluate("idx", TestData.indexOrder(80));
    assertThat(SignificanceTests.defaults().compareToBest(List.of(back, idx), Metric.hr(10)))
        .hasSize(1);
  }

  @Test
  void malformedFilesAreNamed() throws Exception {
    Path notOurs = dir.resolve("x.json");
    Files.writeString(notOurs, "{\"a\": 1}");
    assertThatThrownBy(() -> ResultArchive.read(notOurs))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("x.json")
        .hasMessageContaining("format");
    Path broken = dir.resolve("y.json");
    Files.writeString(broken, "{\"format\":\"palr-eval-result\",\"version\":1,\"system\":\"s\"}");
    assertThatThrownBy(() -> ResultArchive.read(broken))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("y.json")
        .hasMessageContaining("'setup'");
    Path garbage = dir.resolve("z.json");
    Files.writeString(garbage, "not json");
    assertThatThrownBy(() -> ResultArchive.read(garbage))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("z.json");
  }
}
