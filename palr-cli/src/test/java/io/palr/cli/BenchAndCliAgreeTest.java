package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.bench.retrieval.QualityBenchmark;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.TrainingPreset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality benchmark and the documented user path ({@code palr prepare}, {@code palr train
 * --preset}, {@code palr evaluate}) are one code path: on the same small data set with the same
 * seed they print the same metrics, under full and sampled ranking, for a neural model and for
 * popularity.
 */
class BenchAndCliAgreeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void benchmarkRowsEqualPrepareTrainEvaluate(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("user_sequence.txt");
    writeSequences(
        SyntheticDataset.generate(SyntheticDataset.Config.defaults().withUsers(150).withSeed(3)),
        file);
    LeaveOneOutSplit split = LeaveOneOutSplit.of(QualityBenchmark.load("sequences", file));

    Path data = dir.resolve("d.palrds");
    Cli.Result prep =
        Cli.run("prepare", "--format", "sequences", file.toString(), "-o", data.toString());
    assertThat(prep.exitCode()).as(prep.toString()).isZero();

    for (String model : List.of("sasrec", "pop")) {
      TrainingPreset preset = TrainingPreset.of("beauty", ModelType.parse(model));
      QualityBenchmark.Row bench =
          QualityBenchmark.run(split, preset, preset.trainer().withMaxEpochs(3));

      Path out = dir.resolve(model);
      Cli.Result train =
          Cli.run(
              "train",
              "--data",
              data.toString(),
              "--preset",
              model + "-beauty",
              "--epochs",
              "3",
              "--no-progress",
              "-o",
              out.toString());
      assertThat(train.exitCode()).as(train.toString()).isZero();
      String[] full = evaluate(data, model, out, "full", dir);
      String[] sampled = evaluate(data, model, out, "sampled", dir);
      assertThat(full).as(model + " full").containsExactly(f(bench.fullHr()), f(bench.fullNdcg()));
      assertThat(sampled)
          .as(model + " sampled")
          .containsExactly(f(bench.sampledHr()), f(bench.sampledNdcg()));
      if (model.equals("sasrec")) {
        // the training runs themselves are the same, to the last bit of the validation metric
        assertThat(
                JSON.readTree(out.resolve("training.json").toFile())
                    .path("bestValidationNdcg")
                    .asDouble())
            .isEqualTo(bench.training().orElseThrow().bestValidationNdcg());
        assertThat(bench.fullNdcg()).isGreaterThan(0); // a trained model, not a degenerate one
      }
    }
  }

  /** HR@10 and NDCG@10 as {@code palr evaluate} prints them. */
  private static String[] evaluate(
      Path data, String model, Path modelDir, String protocol, Path dir) throws Exception {
    Cli.Result r =
        Cli.run(
            "evaluate",
            "--data",
            data.toString(),
            "--systems",
            model,
            "--model-dir",
            model + "=" + modelDir,
            "--protocol",
            protocol,
            "--cutoffs",
            "10",
            "-o",
            dir.resolve("eval-" + model + "-" + protocol).toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (String line : r.out().lines().toList()) {
      String[] f = line.trim().split("\\s+", -1);
      if (f[0].equals(model)) {
        return new String[] {f[1], f[2]};
      }
    }
    throw new AssertionError("no row for " + model + " in\n" + r);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** The data set as a {@code user item item ...} file, the Beauty format. */
  private static void writeSequences(InteractionDataset ds, Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int u = 0; u < ds.numUsers(); u++) {
      StringBuilder b = new StringBuilder(ds.userId(u));
      for (int i : ds.sequence(u)) {
        b.append(' ').append(ds.catalog().item(i).id());
      }
      lines.add(b.toString());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
