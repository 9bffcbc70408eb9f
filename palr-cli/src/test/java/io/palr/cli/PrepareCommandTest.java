package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.data.snapshot.DatasetSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {
  @Test
  void savesASyntheticSnapshotWithItsResolvedConfig(@TempDir Path dir) throws Exception {
    Path snap = dir.resolve("data/demo.palrds");
    Cli.Result r =
        Cli.run(Cli.concat(new String[] {"prepare"}, Cli.concat(Cli.SMALL, "-o", snap.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("users=150")
        .contains("leave-one-out split: 150 users")
        .contains("wrote " + snap);
    DatasetSnapshot s = DatasetSnapshot.read(snap);
    assertThat(s.dataset().numUsers()).isEqualTo(150);
    assertThat(s.properties()).containsEntry("format", "synthetic");
    JsonNode config =
        new ObjectMapper().readTree(dir.resolve("data/demo.palrds.resolved-config.json").toFile());
    assertThat(config.path("prepare").path("synthetic-users").asInt()).isEqualTo(150);
    assertThat(config.path("prepare").path("output").asText()).isEqualTo(snap.toString());
    assertThat(config.path("_run").path("command").asText()).isEqualTo("palr prepare");

    // the resolved configuration repeats the run; the command line still wins
    Path again = dir.resolve("again.palrds");
    Cli.Result rerun =
        Cli.run(
            "prepare",
            "--config",
            dir.resolve("data/demo.palrds.resolved-config.json").toString(),
            "-o",
            again.toString());
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(DatasetSnapshot.read(again).dataset().fingerprint())
        .isEqualTo(s.dataset().fingerprint());
  }

  @Test
  void loadsASequencesFileWithKCore(@TempDir Path dir) throws Exception {
    Path seq = dir.resolve("seq.txt");
    List<String> lines = new ArrayList<>();
    for (int u = 1; u <= 40; u++) {
      StringBuilder sb = new StringBuilder(String.valueOf(u));
      for (int i = 0; i < 6; i++) {
        sb.append(' ').append(1 + (u + i * 7) % 25);
      }
      lines.add(sb.toString());
    }
    lines.add("41 1 2"); // too short for a 5-core
    Files.write(seq, lines);
    Path snap = dir.resolve("seq.palrds");
    Cli.Result r =
        Cli.run(
            "prepare",
            "--format",
            "sequences",
            seq.toString(),
            "--min-core",
            "5",
            "-o",
            snap.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("users=40").contains("preprocessing:");
    DatasetSnapshot s = DatasetSnapshot.read(snap);
    assertThat(s.dataset().numUsers()).isEqualTo(40);
    assertThat(s.properties()).containsEntry("format", "sequences").containsKey("preprocessing");

    // and the other commands read it
    Cli.Result rec =
        Cli.run("recommend", "--data", snap.toString(), "--user", "1", "-k", "3", "--model", "pop");
    assertThat(rec.exitCode()).as(rec.toString()).isZero();
    assertThat(rec.out()).contains("  1. ").contains("  3. ");
  }

  @Test
  void badInputsAreUsageErrors(@TempDir Path dir) {
    Cli.Result format =
        Cli.run("prepare", "--format", "parquet", "x", "-o", dir.resolve("a").toString());
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("unknown data format 'parquet'");

    Cli.Result missing =
        Cli.run(
            "prepare",
            "--format",
            "ml-1m",
            dir.resolve("nope").toString(),
            "-o",
            dir.resolve("a").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory");

    Cli.Result noOutput = Cli.run("prepare", "--synthetic");
    assertThat(noOutput.exitCode()).isEqualTo(2);
    assertThat(noOutput.err()).contains("--output");
  }

  @Test
  void malformedInputFailsWithFileAndLine(@TempDir Path dir) throws Exception {
    Path seq = dir.resolve("seq.txt");
    Files.writeString(seq, "1 2 3 4\n2\n");
    Cli.Result r =
        Cli.run(
            "prepare",
            "--format",
            "sequences",
            seq.toString(),
            "--min-core",
            "0",
            "-o",
            dir.resolve("x.palrds").toString());
    assertThat(r.exitCode()).as(r.toString()).isIn(0, 1);
    if (r.exitCode() == 1) {
      assertThat(r.err()).contains("seq.txt");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
  }

  @Test
  void inputWithNoSplittableUserNamesTheFile(@TempDir Path dir) throws Exception {
    Path seq = Files.writeString(dir.resolve("short.txt"), "1 2\n2 3\n");
    Cli.Result r =
        Cli.run(
            "prepare",
            "--format",
            "sequences",
            seq.toString(),
            "--min-core",
            "0",
            "-o",
            dir.resolve("x.palrds").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(seq.toString(), "no user with at least 3 interactions");
  }
}
