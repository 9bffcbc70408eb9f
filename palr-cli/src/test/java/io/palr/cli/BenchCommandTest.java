package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void listsAndRunsBenchmarks() {
    Cli.Result list = Cli.run("bench", "--list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out())
        .contains(
            "data",
            "retrieval",
            "retrieval-quality",
            "recommend-all",
            "llm",
            "llm-scale",
            "eval",
            "finetune",
            "explain",
            "text");

    Cli.Result eval = Cli.run("bench", "eval", "300", "200", "1", "1");
    assertThat(eval.exitCode()).as(eval.toString()).isZero();

    java.nio.file.Path model =
        java.nio.file.Path.of(System.getProperty("palr.shared", "../shared"))
            .resolve("models/stories260K/stories260K.bin");
    if (java.nio.file.Files.isRegularFile(model)) {
      // benchmark options go to the benchmark without a "--"
      Cli.Result llm =
          Cli.run("bench", "llm", "--model", model.toString(), "--tokens", "4", "--repeats", "1");
      assertThat(llm.exitCode()).as(llm.toString()).isZero();
    }
    Cli.Result badUsers = Cli.run("bench", "explain", "--", "--users", "0");
    assertThat(badUsers.exitCode()).isEqualTo(2);
    assertThat(badUsers.err()).contains("--users must be a positive integer, got '0'");
    Cli.Result badOption = Cli.run("bench", "explain", "--", "--colour", "red");
    assertThat(badOption.exitCode()).isEqualTo(2);
    assertThat(badOption.err()).contains("unknown option '--colour'");

    Cli.Result unknown = Cli.run("bench", "warp-drive");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown benchmark 'warp-drive'");
  }
}
