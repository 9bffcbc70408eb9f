package io.palr.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossSeriesTest {
  @TempDir Path dir;

  @Test
  void readsStepLossAndOptionalColumns() throws Exception {
    Path f = dir.resolve("palr-finetune.csv");
    Files.writeString(
        f, "epoch,Step,loss,lr,extra\n0,1,2.5,0.001,x\n0,2,2.25,0.001,y\n1,3,NaN,,z\n");
    LossSeries s = LossSeries.readCsv(f);
    assertThat(s.name()).isEqualTo("palr-finetune");
    assertThat(s.points()).hasSize(3);
    assertThat(s.points().get(1)).isEqualTo(new LossPoint(2, 2.25, 0, 0.001));
    assertThat(s.points().get(2).loss()).isNaN();
    assertThat(s.points().get(2).learningRate()).isNaN();
    Path minimal = dir.resolve("m.csv");
    Files.writeString(minimal, "step,loss\n10,0.5\n20,0.4\n");
    assertThat(LossSeries.readCsv(minimal, "retriever").points())
        .containsExactly(LossPoint.of(10, 0.5), LossPoint.of(20, 0.4));
  }

  @Test
  void malformedFilesNameFileLineAndField() throws Exception {
    Path noLoss = dir.resolve("a.csv");
    Files.writeString(noLoss, "step,value\n1,2\n");
    assertThatThrownBy(() -> LossSeries.readCsv(noLoss))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("a.csv")
        .hasMessageContaining("missing column 'loss'");
    Path badNumber = dir.resolve("b.csv");
    Files.writeString(badNumber, "step,loss\n1,0.5\n2,oops\n");
    assertThatThrownBy(() -> LossSeries.readCsv(badNumber))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("b.csv line 3")
        .hasMessageContaining("'loss'")
        .hasMessageContaining("oops");
    Path shortRow = dir.resolve("c.csv");
    Files.writeString(shortRow, "step,loss\n1,0.5\n2\n");
    assertThatThrownBy(() -> LossSeries.readCsv(shortRow))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("c.csv line 3");
    assertThatThrownBy(() -> LossSeries.readCsv(dir.resolve("missing.csv")))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("missing.csv");
  }
}
