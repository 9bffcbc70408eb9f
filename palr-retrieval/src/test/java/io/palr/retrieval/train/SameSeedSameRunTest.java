package io.palr.retrieval.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.palr.retrieval.TestData;
import io.palr.retrieval.model.BprConfig;
import io.palr.retrieval.model.BprMf;
import io.palr.retrieval.model.SasRec;
import io.palr.retrieval.model.SasRecConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop gives the same run for the same seed as the loop it replaced: every logged step
 * loss, every epoch's mean loss and validation NDCG@10, the best epoch and the stop decision match
 * a record written by the earlier, monolithic {@code Trainer.fit} (tag layout-v2). Set {@code
 * -Dpalr.golden.write=DIR} to write the record instead of checking it.
 */
class SameSeedSameRunTest {
  @TempDir Path tmp;

  @Test
  void sasRecRunMatchesTheRecordedRun() throws IOException {
    try (SasRec model =
        new SasRec(
            new SasRecConfig(20, 16, 1, 1, 0.2f, 0f),
            TestData.split().numItems(),
            Device.cpu(),
            3)) {
      // patience 1 every 2 epochs: the run stops early, so the stop decision is covered too
      TrainerConfig config =
          TestData.fastTrainer(12).withEarlyStopping(1, 2).withRunDirectory(tmp.resolve("sasrec"));
      TrainingResult r = new Trainer(config).fit(model, TestData.split());
      check("sasrec", record(r, tmp.resolve("sasrec")));
    }
  }

  @Test
  void bprRunMatchesTheRecordedRun() throws IOException {
    try (BprMf model =
        new BprMf(BprConfig.defaults(), TestData.split().numItems(), Device.cpu(), 5)) {
      TrainerConfig config =
          TestData.fastTrainer(3)
              .withBatchSize(256)
              .withEarlyStopping(3, 1)
              .withValidationUsers(150)
              .withRunDirectory(tmp.resolve("bpr"));
      TrainingResult r = new Trainer(config).fit(model, TestData.split());
      check("bpr", record(r, tmp.resolve("bpr")));
    }
  }

  @Test
  void bprRunThatStopsEarlyMatchesTheRecordedRun() throws IOException {
    try (BprMf model =
        new BprMf(BprConfig.defaults(), TestData.split().numItems(), Device.cpu(), 6)) {
      // a learning rate far too high: validation NDCG@10 stalls and patience runs out
      TrainerConfig config =
          TestData.fastTrainer(30)
              .withBatchSize(512)
              .withLearningRate(0.2f)
              .withEarlyStopping(2, 1)
              .withRunDirectory(tmp.resolve("bpr-stop"));
      TrainingResult r = new Trainer(config).fit(model, TestData.split());
      check("bpr-stop", record(r, tmp.resolve("bpr-stop")));
    }
  }

  private static List<String> record(TrainingResult r, Path runDir) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(runDir.resolve("loss.csv")));
    for (EpochStats e : r.epochs()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "epoch %d mean loss %s ndcg %s",
              e.epoch(),
              e.meanLoss(),
              e.validationNdcg()));
    }
    lines.add("best epoch " + r.bestEpoch() + " ndcg " + r.bestValidationNdcg());
    lines.add("stopped early " + r.stoppedEarly());
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
    try (var in = SameSeedSameRunTest.class.getResourceAsStream("golden-" + name + ".txt")) {
      expected = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(numbers(actual.get(i)))
          .as("line %d: %s vs recorded %s", i + 1, actual.get(i), expected.get(i))
          .containsExactly(numbers(expected.get(i)), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(words(actual.get(i))).isEqualTo(words(expected.get(i)));
    }
  }

  /** The numbers of a line, in order (compared with a tolerance for other CPUs' rounding). */
  private static double[] numbers(String line) {
    List<Double> out = new ArrayList<>();
    for (String t : line.split("[ ,]", -1)) {
      try {
        double v = Double.parseDouble(t);
        out.add(Double.isNaN(v) ? -999.0 : v);
      } catch (NumberFormatException e) {
        // a word
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String words(String line) {
    return line.replaceAll("[-+0-9.E]+(?=[ ,]|$)", "#");
  }
}
