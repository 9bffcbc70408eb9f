package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.io.safetensors.TensorInfo;
import io.palr.llm.finetune.HfModelWriter;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
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

  @Test
  void weightsThatOverflowEndInAnErrorNamingTheModel(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("overflow");
    WordLevelTokenizer tok = WordLevelTokenizer.train(List.of("the cat sat on the mat"), 1);
    try (LlamaModel m =
        ScratchModels.random(
            new LlamaConfig(16, 32, 1, 2, 2, 8, tok.vocabSize(), 64, 1e-5, 10000.0, true, 1, 2),
            3,
            Device.cpu())) {
      HfModelWriter.write(m, model);
    }
    tok.save(model.resolve("tokenizer.json"));
    // finite weights whose product overflows float32: the logits become infinite or NaN
    Path weights = model.resolve("model.safetensors");
    SafetensorsWriter rewritten = new SafetensorsWriter();
    try (SafetensorsFile f = SafetensorsFile.open(weights)) {
      for (TensorInfo t : f.infos()) {
        float[] v = f.floats(t.name());
        if (t.name().endsWith("norm.weight")) {
          java.util.Arrays.fill(v, 1e30f);
        }
        rewritten.putFloats(t.name(), v, t.shape());
      }
    }
    Files.delete(weights);
    rewritten.write(weights);
    Files.deleteIfExists(model.resolve("palr-manifest.json"));

    Cli.Result r = Cli.run("generate", "--model", model.toString(), "--prompt", "the", "-n", "3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(model.toString(), "NaN or infinite").doesNotContain("\tat ");
  }
}
