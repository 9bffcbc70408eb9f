package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliBasicsTest {
  @Test
  void helpListsEveryCommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "quickstart",
            "prepare",
            "train",
            "instructions",
            "finetune",
            "recommend",
            "evaluate",
            "generate",
            "bench");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "quickstart",
        "prepare",
        "train",
        "instructions",
        "finetune",
        "recommend",
        "evaluate",
        "generate",
        "bench"
      })
  void everyCommandHasHelp(String command) {
    Cli.Result r = Cli.run(command, "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: palr " + command);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void versionPrintsTheBuildVersion() {
    Cli.Result r = Cli.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("palr 0.").doesNotContain("${");
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("palr: error: missing command");
  }

  @Test
  void unknownCommandIsAOneLineUsageError() {
    Cli.Result r = Cli.run("frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("palr: error: ").contains("frobnicate");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    Cli.Result r = Cli.run("train", "--synthetic", "--epohcs", "3");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("palr: error: ")
        .contains("--epohcs")
        .contains("palr train --help");
  }

  @Test
  void badValuesAreUsageErrorsWithoutStackTraces() {
    Cli.Result notANumber = Cli.run("train", "--synthetic", "--epochs", "many");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err().strip().lines()).hasSize(1);

    Cli.Result unknownModel =
        Cli.run(Cli.concat(Cli.SMALL, "train", "--model", "transformerxl", "-o", "x"));
    // options before the command belong to the top level, which has no --synthetic: still one line,
    // exit 2
    assertThat(unknownModel.exitCode()).isEqualTo(2);
    assertThat(unknownModel.err().strip().lines()).hasSize(1);

    Cli.Result model =
        Cli.run(
            Cli.concat(
                new String[] {"train"},
                Cli.concat(Cli.SMALL, "--model", "transformerxl", "-o", "x")));
    assertThat(model.exitCode()).as(model.toString()).isEqualTo(2);
    assertThat(model.err())
        .startsWith("palr: error: unknown retrieval model 'transformerxl'")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void missingDataIsAUsageError() {
    Cli.Result r = Cli.run("recommend", "--user", "u00001");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("palr: error: no data: give --data SNAPSHOT");
  }

  @Test
  void failuresAreOneLineAndVerboseShowsTheTrace(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.palrds");
    Files.writeString(
        bad, "this is not a snapshot, but it is long enough to have a header and a trailer...");
    Cli.Result r = Cli.run("recommend", "--data", bad.toString(), "--user", "u00001");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("palr: error: ").contains("bad.palrds");

    Cli.Result verbose =
        Cli.run("recommend", "--verbose", "--data", bad.toString(), "--user", "u00001");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void configFileSuppliesDefaultsAndCommandLineWins(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("palr.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "synthetic: true",
            "synthetic-users: 120",
            "syntheticFranchises: 30",
            "train:",
            "  model: sasrec",
            "  param: {hiddenSize: 24, blocks: 1}",
            ""));
    Cli.Result r =
        Cli.run("train", "--config", config.toString(), "--list-params", "--model", "itemknn");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("itemknn hyper-parameters");
  }

  @Test
  void configFileWithUnknownKeyIsAUsageError(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("palr.json");
    Files.writeString(config, "{\"train\": {\"epochz\": 3}}");
    Cli.Result r = Cli.run("train", "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("palr: error: config file").contains("train.epochz");

    Cli.Result missing = Cli.run("train", "--config", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("config file not found");
  }

  @Test
  void badValueFromAConfigFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("cut.yaml"), "synthetic: true\nmodel: p\n");
    Cli.Result r = Cli.run("train", "--config", yaml.toString(), "-o", dir.resolve("o").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .contains("unknown retrieval model 'p'", "--model p from config file " + yaml);

    Path json = Files.writeString(dir.resolve("cut.json"), "{\"synthetic\": \"t\"}");
    Cli.Result parse = Cli.run("train", "--config", json.toString(), "-m", "pop");
    assertThat(parse.exitCode()).isEqualTo(2);
    assertThat(parse.err()).contains("'t'", "--synthetic t from config file " + json);

    // the command line's own value is not blamed on the file
    Cli.Result own =
        Cli.run(
            "train",
            "--config",
            yaml.toString(),
            "--model",
            "q",
            "-o",
            dir.resolve("o").toString());
    assertThat(own.exitCode()).isEqualTo(2);
    assertThat(own.err()).contains("unknown retrieval model 'q'").doesNotContain("config file");
  }
}
