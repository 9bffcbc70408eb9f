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
            "data", "retrieval", "retrieval-quality", "recommend-all", "llm", "eval", "finetune");

    Cli.Result eval = Cli.run("bench", "eval", "300", "200", "1", "1");
    assertThat(eval.exitCode()).as(eval.toString()).isZero();

    Cli.Result unknown = Cli.run("bench", "warp-drive");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown benchmark 'warp-drive'");
  }
}
