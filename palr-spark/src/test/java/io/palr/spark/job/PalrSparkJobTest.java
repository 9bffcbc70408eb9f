package io.palr.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.spark.MovieLens100kFixture;
import io.palr.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code palr spark ...} as a user runs it: exit codes, one-line errors, outputs. */
class PalrSparkJobTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    TestSpark.session(); // the commands join the test JVM's session and leave it running
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = PalrSparkJob.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void badArgumentsAndMissingInputAreOneLineErrors() {
    Run usage = run("prepare", "x.csv", "--min-core", "-1", "-o", tmp.resolve("o").toString());
    assertThat(usage.code()).isEqualTo(PalrSparkJob.USAGE);
    assertThat(usage.err().strip())
        .startsWith("palr: error: k-core thresholds must be >= 0")
        .doesNotContain("\n");

    Run missing =
        run("prepare", tmp.resolve("nope.csv").toString(), "-o", tmp.resolve("o").toString());
    assertThat(missing.code()).isEqualTo(PalrSparkJob.FAILURE);
    assertThat(missing.err().lines().filter(l -> l.startsWith("palr: error:")).toList())
        .singleElement()
        .asString()
        .contains("no such file or directory: " + tmp.resolve("nope.csv"));

    Run neural =
        run("evaluate", "--prepared", "p", "--data", "d", "--systems", "sasrec", "-o", "o");
    assertThat(neural.code()).isEqualTo(PalrSparkJob.USAGE);
    assertThat(neural.err()).contains("system 'sasrec' needs --model-dir sasrec=DIR");
  }

  @Test
  void evaluateAndRecommendOnAPreparedFolder() throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    String prepared = f.prepared().path();
    Path eval = tmp.resolve("eval");
    Run e =
        run(
            "evaluate",
            "--prepared",
            prepared,
            "--data",
            f.snapshot().toString(),
            "--systems",
            "pop",
            "--protocol",
            "sampled",
            "-o",
            eval.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("system").contains("NDCG@10").containsPattern("pop\\s+0\\.\\d{4}");
    assertThat(Files.readString(eval.resolve("results.csv"))).startsWith("system,protocol,users,");
    assertThat(eval.resolve("per_user").resolve("pop")).isDirectory();

    Path recs = tmp.resolve("recs-local[2]"); // brackets: a glob to Hadoop, a folder name here
    Run r =
        run(
            "recommend",
            "--prepared",
            prepared,
            "--data",
            f.snapshot().toString(),
            "--model",
            "pop",
            "-k",
            "3",
            "-o",
            recs.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("recommended 3 items for 943 users").contains("wrote 2,829 rows");
  }
}
