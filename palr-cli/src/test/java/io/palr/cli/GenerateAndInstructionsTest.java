package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateAndInstructionsTest {
  private static final Path SHARED = Path.of(System.getProperty("palr.shared", "../shared"));

  @Test
  void generatesWithTheTinyStoriesModel() {
    Path model = SHARED.resolve("models/stories260K/stories260K.bin");
    Path tok = SHARED.resolve("models/stories260K/tok512.bin");
    assumeTrue(
        Files.isRegularFile(model) && Files.isRegularFile(tok), "stories260K not in " + SHARED);
    Cli.Result r =
        Cli.run(
            "generate",
            "--model",
            model.toString(),
            "--tokenizer",
            tok.toString(),
            "--prompt",
            "Once upon a time",
            "--max-tokens",
            "24",
            "--stats");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Once upon a time");
    assertThat(r.out().strip().length()).isGreaterThan("Once upon a time".length() + 10);
    assertThat(r.err())
        .contains("load ", "time to first token", "tokens/s steady decode", "engine thread")
        .contains("memory: resident", "weights", "KV cache", "native overhead")
        .contains("estimate: weights");

    Cli.Result again =
        Cli.run(
            "generate",
            "--model",
            model.toString(),
            "--tokenizer",
            tok.toString(),
            "--prompt",
            "Once upon a time",
            "--max-tokens",
            "24");
    assertThat(again.out()).as("greedy decoding is deterministic").isEqualTo(r.out());
  }

  @Test
  void engineThreadsBeforeTheCommandNameIsApplied() {
    Path model = SHARED.resolve("models/stories260K/stories260K.bin");
    assumeTrue(Files.isRegularFile(model), "stories260K not in " + SHARED);
    String before = System.getProperty("ai.djl.pytorch.num_threads");
    try {
      Cli.Result r =
          Cli.run(
              "--engine-threads",
              "3",
              "generate",
              "--model",
              model.toString(),
              "--max-tokens",
              "2");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(System.getProperty("ai.djl.pytorch.num_threads")).isEqualTo("3");
      Cli.Result bad = Cli.run("--engine-threads", "0", "generate", "--model", model.toString());
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("--engine-threads must be >= 1");
    } finally {
      if (before == null) {
        System.clearProperty("ai.djl.pytorch.num_threads");
      } else {
        System.setProperty("ai.djl.pytorch.num_threads", before);
      }
    }
  }

  @Test
  void generateRejectsBadArguments(@TempDir Path dir) {
    Cli.Result missing = Cli.run("generate", "--prompt", "hi");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--model");
    Cli.Result noFile = Cli.run("generate", "--model", dir.resolve("nope.bin").toString());
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("no such model");
    Cli.Result badTemp = Cli.run("generate", "--model", dir.toString(), "--temperature", "-1");
    assertThat(badTemp.exitCode()).isEqualTo(2);
  }

  @Test
  void exportsInstructionData(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("inst");
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"instructions"},
                Cli.concat(
                    Cli.SMALL,
                    "--tasks",
                    "v2",
                    "--style",
                    "chat",
                    "--user-sample",
                    "0.5",
                    "-o",
                    out.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(" v2) from 75 users");
    List<String> lines = Files.readAllLines(out.resolve("instructions.jsonl"));
    assertThat(lines).isNotEmpty();
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(first.path("messages").get(1).path("role").asText()).isEqualTo("assistant");
    assertThat(out.resolve("resolved-config.json")).isRegularFile();

    Cli.Result alpaca =
        Cli.run(
            Cli.concat(
                new String[] {"instructions"},
                Cli.concat(Cli.SMALL, "-o", dir.resolve("a").toString())));
    assertThat(alpaca.exitCode()).as(alpaca.toString()).isZero();
    JsonNode rec =
        new ObjectMapper().readTree(Files.readAllLines(dir.resolve("a/instructions.jsonl")).get(0));
    assertThat(rec.has("instruction") && rec.has("input") && rec.has("output")).isTrue();

    Cli.Result bad =
        Cli.run(
            Cli.concat(
                new String[] {"instructions"},
                Cli.concat(Cli.SMALL, "--tasks", "v3", "-o", out.toString())));
    assertThat(bad.exitCode()).isEqualTo(2);
  }
}
