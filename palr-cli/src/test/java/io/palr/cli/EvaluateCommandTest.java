package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @Test
  void writesTheComparisonReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("eval");
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(
                    Cli.SMALL,
                    "--systems",
                    "pop,itemknn",
                    "--cutoffs",
                    "5,10",
                    "-o",
                    out.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("system").contains("HR@10").contains("pop").contains("itemknn");
    for (String f :
        new String[] {
          "report.md",
          "results.csv",
          "results.json",
          "per_user.csv",
          "metrics.png",
          "hr_at_k.png",
          "ndcg_at_k.png",
          "resolved-config.json"
        }) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    assertThat(Files.readString(out.resolve("report.md"))).contains("itemknn").contains("pop");
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.toString()).contains("itemknn");
  }

  @Test
  void sampledProtocolAndBadSystems(@TempDir Path dir) {
    Path out = dir.resolve("eval");
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(
                    Cli.SMALL,
                    "--systems",
                    "pop",
                    "--protocol",
                    "sampled",
                    "--negatives",
                    "20",
                    "--users",
                    "50",
                    "-o",
                    out.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(out.resolve("results.csv")).isRegularFile();

    Cli.Result bad =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(Cli.SMALL, "--systems", "pop,gpt5", "-o", out.toString())));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("gpt5");

    Cli.Result palr =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(Cli.SMALL, "--systems", "pop,palr", "-o", out.toString())));
    assertThat(palr.exitCode()).isEqualTo(2);
    assertThat(palr.err()).contains("needs an LLM");
  }
}
