package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --retriever text|hybrid in recommend and evaluate, the text and hybrid systems, bad values. */
@Tag("slow")
class TextRetrieverCommandTest {
  @Test
  void recommendByTextNeedsNoTrainingAndCachesBesideTheSnapshot(@TempDir Path dir) {
    Path snapshot = dir.resolve("demo.palrds");
    Cli.Result prep =
        Cli.run(
            "prepare",
            "--synthetic",
            "--synthetic-users",
            "60",
            "--synthetic-franchises",
            "12",
            "-o",
            snapshot.toString());
    assertThat(prep.exitCode()).as(prep.toString()).isZero();
    Cli.Result r =
        Cli.run(
            "recommend",
            "--data",
            snapshot.toString(),
            "--retriever",
            "text",
            "--user",
            "u00001",
            "--top",
            "3");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("text score").contains("RETRIEVER_ONLY (retriever text");
    Path cache = dir.resolve("demo.palrds.text-minilm_l6_v2_q.emb");
    assertThat(cache).isRegularFile();
    Cli.Result again =
        Cli.run(
            "recommend", "--data", snapshot.toString(), "--retriever", "text", "--user", "u00001");
    assertThat(again.err()).contains("0 embedded").contains("(hit)");
  }

  @Test
  void recommendWithTheHybridOfAModelAndText() {
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(
                    Cli.SMALL,
                    "--model",
                    "pop",
                    "--retriever",
                    "hybrid",
                    "--text-weight",
                    "2",
                    "--user",
                    "u00001",
                    "--top",
                    "3")));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).contains("hybrid RRF(pop x1, text x2) (--text-weight)");
    assertThat(r.out()).contains("retriever hybrid");
  }

  @Test
  void evaluateTextAndHybridSystems(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("eval");
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(
                    Cli.SMALL,
                    "--systems",
                    "pop,text,hybrid",
                    "--hybrid-base",
                    "pop",
                    "-o",
                    out.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("text").contains("hybrid").contains("pop");
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("text vectors (all-minilm-l6-v2-q@")
        .contains("chosen on");
  }

  @Test
  void badRetrieverValuesGiveOneLineUsageErrors() {
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(Cli.SMALL, "--retriever", "bm25", "--user", "u00001")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("palr: error: unknown --retriever 'bm25'")
        .doesNotContain("\n\tat ");
    Cli.Result w =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(
                    Cli.SMALL, "--retriever", "text", "--text-weight", "2", "--user", "u00001")));
    assertThat(w.exitCode()).isEqualTo(2);
    assertThat(w.err()).contains("--text-weight applies to --retriever hybrid only");
    Cli.Result q = Cli.run("quickstart", "--retriever", "bm25", "-o", "unused");
    assertThat(q.exitCode()).isEqualTo(2);
    assertThat(q.err()).contains("unknown retriever 'bm25': use sasrec, text or hybrid");
    Cli.Result c = Cli.run("quickstart", "--cold-items", "1.5", "-o", "unused");
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("coldItems must be in [0, 1)");
  }
}
