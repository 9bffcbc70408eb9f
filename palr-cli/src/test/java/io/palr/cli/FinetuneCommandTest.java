package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneCommandTest {
  private static final Path SHARED = Path.of(System.getProperty("palr.shared", "../shared"));

  @Test
  void finetunesALoraAdapterAndRanksWithIt(@TempDir Path dir) {
    Path base = SHARED.resolve("models/stories260K-hf");
    assumeTrue(
        Files.isRegularFile(base.resolve("model.safetensors")), "stories260K-hf not in " + SHARED);
    Path inst = dir.resolve("inst");
    Cli.Result export =
        Cli.run(
            Cli.concat(
                new String[] {"instructions"},
                Cli.concat(Cli.SMALL, "--user-sample", "0.1", "-o", inst.toString())));
    assertThat(export.exitCode()).as(export.toString()).isZero();

    Path adapter = dir.resolve("lora");
    Cli.Result ft =
        Cli.run(
            "finetune",
            "--model",
            base.toString(),
            "--instructions",
            inst.resolve("instructions.jsonl").toString(),
            "--rank",
            "2",
            "--max-steps",
            "2",
            "--batch-size",
            "2",
            "--max-length",
            "200",
            "--eval-fraction",
            "0.1",
            "-o",
            adapter.toString());
    assertThat(ft.exitCode()).as(ft.toString()).isZero();
    assertThat(ft.out()).contains("2 steps").contains("train loss").contains("wrote PEFT adapter");
    assertThat(adapter.resolve("adapter_config.json")).isRegularFile();
    assertThat(adapter.resolve("adapter_model.safetensors")).isRegularFile();
    assertThat(adapter.resolve("resolved-config.json")).isRegularFile();

    // the adapted tiny model ranks (its answers are nonsense, so the pipeline may fall back, but it
    // must run)
    Cli.Result rec =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(
                    Cli.SMALL,
                    "--user",
                    "u00001",
                    "-k",
                    "3",
                    "--candidates",
                    "5",
                    "--llm",
                    base.toString(),
                    "--adapter",
                    adapter.toString(),
                    "--format",
                    "json")));
    assertThat(rec.exitCode()).as(rec.toString()).isZero();
    assertThat(rec.out()).contains("\"ranker\" : \"generative:llama:stories260K-hf");
  }

  @Test
  void rejectsBadArguments(@TempDir Path dir) throws Exception {
    Cli.Result noModel =
        Cli.run(
            "finetune",
            "--model",
            dir.resolve("nope").toString(),
            "--instructions",
            "x",
            "-o",
            dir.toString());
    assertThat(noModel.exitCode()).isEqualTo(2);
    assertThat(noModel.err()).contains("no such model");
    Cli.Result method =
        Cli.run(
            "finetune",
            "--model",
            dir.toString(),
            "--instructions",
            "x",
            "--method",
            "qlora",
            "-o",
            dir.toString());
    assertThat(method.exitCode()).isEqualTo(2);
    assertThat(method.err()).contains("unknown --method 'qlora'");
  }
}
