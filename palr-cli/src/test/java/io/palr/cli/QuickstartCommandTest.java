package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class QuickstartCommandTest {
  /** A quickstart of seconds: tiny data, one epoch of each model, a short context. */
  private static final String[] MINIATURE = {
    "quickstart",
    "--synthetic-users",
    "80",
    "--synthetic-franchises",
    "12",
    "--eval-users",
    "10",
    "--sasrec-epochs",
    "1",
    "--llm-epochs",
    "1",
    "--llm-batch",
    "8",
    "--instruction-users",
    "0.5",
    "--candidates",
    "15",
    "-k",
    "5",
    "--history",
    "5",
    "--targets",
    "5",
    "--context",
    "256",
    "--reserve",
    "64",
  };

  @Test
  void runsPalrEndToEndInMiniature(@TempDir Path dir) {
    Path out = dir.resolve("qs");
    Cli.Result r =
        Cli.run(
            Cli.concat(
                MINIATURE,
                "--rankers",
                "likelihood",
                "--showcase",
                "1",
                // one SASRec and one LLM epoch: the miniature PALR-v1 falls back for most users
                "--max-fallback-rate",
                "1",
                "-o",
                out.toString()));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("SASRec")
        .contains("PALR-v1")
        .contains("PALR-v2")
        .contains("report: ");
    assertThat(out.resolve("resolved-config.json")).isRegularFile();
    assertThat(out.resolve("llm/training_log.csv")).isRegularFile();
    assertThat(out.resolve("palr-manifest.json")).isRegularFile();
    assertThat(r.out().lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow())
        .endsWith(".md");
  }

  @Test
  void coldStartDemoLeavesOutTheRowsItsModelCannotAnswer(@TempDir Path dir) {
    // --cold-start implies --rankers likelihood --no-v1: the generative rows of a model that has
    // never seen a cold title fall back for most users, which the fallback gate refuses to report
    Cli.Result r =
        Cli.run(
            Cli.concat(
                MINIATURE,
                "--cold-start",
                "--dataset",
                "synthetic",
                "--showcase",
                "0",
                "-o",
                dir.resolve("qs").toString()));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("PALR-v2 (likelihood)", "cold test users")
        .doesNotContain("PALR-v1", "PALR-v2 (generative)", "PALR-v2 (constrained)");
  }

  @Test
  void badSettingsAreUsageErrors() {
    Cli.Result r = Cli.run("quickstart", "--dataset", "imagenet");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown data set 'imagenet'");
    Cli.Result k = Cli.run("quickstart", "-k", "60");
    assertThat(k.exitCode()).isEqualTo(2);
    Cli.Result ranker = Cli.run("quickstart", "--rankers", "magic");
    assertThat(ranker.exitCode()).isEqualTo(2);
    assertThat(ranker.err()).contains("unknown ranker 'magic'");
  }
}
