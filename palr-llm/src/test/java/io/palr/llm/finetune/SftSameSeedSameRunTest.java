package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning loop gives the same run for the same seed as the loop it replaced: every row of
 * {@code training_log.csv} (train and eval losses, learning rates) and the result's figures match a
 * record written by the earlier, monolithic {@code SftTrainer.train} (tag layout-v2). Set {@code
 * -Dpalr.golden.write=DIR} to write the record instead of checking it.
 */
class SftSameSeedSameRunTest {
  @TempDir Path tmp;

  @Test
  void fullFineTuningWithEarlyStoppingMatchesTheRecordedRun() throws IOException {
    List<SftExample> data = Fixtures.nextLetter();
    List<SftExample> contradicting =
        data.stream().limit(4).map(e -> new SftExample(e.prompt(), " a")).toList();
    WordLevelTokenizer tok = Fixtures.tokenizer(data);
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .full()
            .learningRate(1e-2)
            .warmupSteps(2)
            .batchSize(8)
            .gradientAccumulation(2)
            .maxSteps(40)
            .evalEverySteps(2)
            .earlyStopPatience(2)
            .seed(11)
            .build();
    Path out = tmp.resolve("full");
    try (LlamaModel model = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 9, null);
        SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
      FineTuneResult r = trainer.train(data, contradicting, out);
      check("sft-full", record(r, out));
    }
  }

  @Test
  void loraFineTuningMatchesTheRecordedRun() throws IOException {
    List<SftExample> data = Fixtures.nextLetter();
    WordLevelTokenizer tok = Fixtures.tokenizer(data);
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .lora(4, 8)
            .learningRate(2e-2)
            .batchSize(8)
            .epochs(3)
            .seed(5)
            .build();
    Path out = tmp.resolve("lora");
    try (LlamaModel model = ScratchModels.random(Fixtures.tinyConfig(tok.vocabSize()), 4, null);
        SftTrainer trainer = new SftTrainer(model, tok, cfg)) {
      FineTuneResult r = trainer.train(data, data.subList(0, 5), out);
      check("sft-lora", record(r, out));
    }
  }

  private static List<String> record(FineTuneResult r, Path out) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(out.resolve("training_log.csv")));
    lines.add("steps " + r.steps() + " epochs " + r.epochs());
    lines.add("train loss " + r.initialTrainLoss() + " " + r.finalTrainLoss());
    lines.add(
        "eval loss " + r.initialEvalLoss() + " " + r.finalEvalLoss() + " " + r.bestEvalLoss());
    lines.add("stopped early " + r.stoppedEarly() + " examples " + r.trainExamples());
    return lines;
  }

  private static void check(String name, List<String> actual) throws IOException {
    String dir = System.getProperty("palr.golden.write");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      Files.write(Path.of(dir, "golden-" + name + ".txt"), actual, StandardCharsets.UTF_8);
      return;
    }
    List<String> expected;
    try (var in = SftSameSeedSameRunTest.class.getResourceAsStream("golden-" + name + ".txt")) {
      expected = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(numbers(actual.get(i)))
          .as("line %d: %s vs recorded %s", i + 1, actual.get(i), expected.get(i))
          .containsExactly(numbers(expected.get(i)), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  private static double[] numbers(String line) {
    List<Double> out = new ArrayList<>();
    for (String t : line.split("[ ,]", -1)) {
      try {
        double v = Double.parseDouble(t);
        out.add(Double.isNaN(v) ? -999.0 : v);
      } catch (NumberFormatException e) {
        out.add(t.isEmpty() ? 0.0 : (double) t.hashCode()); // words must match too
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
