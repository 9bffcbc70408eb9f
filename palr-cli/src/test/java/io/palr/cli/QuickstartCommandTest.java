package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
  @Test
  void runsEndToEndOnSmallSyntheticData(@TempDir Path dir) {
    Path out = dir.resolve("qs");
    Cli.Result r = Cli.run("quickstart", "--users", "120", "--epochs", "1", "-o", out.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("sasrec").contains("itemknn").contains("--- prompt for the ranker ---")
        .contains("report: ");
    assertThat(out.resolve("evaluation/report.md")).isRegularFile();
    assertThat(out.resolve("evaluation/models/sasrec/checkpoint/model.safetensors")).isRegularFile();
    assertThat(out.resolve("evaluation/loss.png")).isRegularFile();
    assertThat(out.resolve("resolved-config.json")).isRegularFile();
  }
}
