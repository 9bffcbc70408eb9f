package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.palr.cli.support.TerminalWriter;
import io.palr.io.output.FolderManifest;
import io.palr.llm.finetune.HfModelWriter;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs never overwrite inputs, options without effect and impossible sizes are refused. */
class SafetyTest {
  @TempDir Path dir;

  private Path snapshot() {
    Path data = dir.resolve("data.palrds");
    Cli.Result r =
        Cli.run(Cli.concat(new String[] {"prepare"}, Cli.concat(Cli.SMALL, "-o", data.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return data;
  }

  private List<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void outputsNeverOverwriteInputs() throws Exception {
    Path data = snapshot();
    byte[] before = Files.readAllBytes(data);
    Cli.Result same =
        Cli.run("prepare", "--format", "sequences", data.toString(), "-o", data.toString());
    assertThat(same.exitCode()).as(same.toString()).isEqualTo(2);
    assertThat(same.err()).contains("-o " + data + " is the input " + data);
    Cli.Result around =
        Cli.run("train", "--data", data.toString(), "-m", "pop", "-o", dir.toString());
    assertThat(around.exitCode()).isEqualTo(2);
    assertThat(around.err()).contains("holds the input given as --data");
    Cli.Result inside =
        Cli.run(
            "evaluate",
            "--data",
            data.toString(),
            "--systems",
            "pop",
            "--model-dir",
            "pop=" + dir.resolve("pop"),
            "--output",
            dir.resolve("pop/report").toString());
    assertThat(inside.exitCode()).isEqualTo(2);
    assertThat(inside.err()).contains("--output").contains("lies inside the input folder");
    assertThat(Files.readAllBytes(data)).isEqualTo(before);
  }

  @Test
  void foldersPalrDidNotWriteAreNotReplaced() throws Exception {
    Path data = snapshot();
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep");
    Cli.Result r = Cli.run("train", "--data", data.toString(), "-m", "pop", "-o", mine.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("palr did not write");
    assertThat(names(mine)).containsExactly("notes.txt");

    Path model = dir.resolve("model");
    for (int i = 0; i < 2; i++) {
      Cli.Result t =
          Cli.run("train", "--data", data.toString(), "-m", "pop", "-o", model.toString());
      assertThat(t.exitCode()).as(t.toString()).isZero();
    }
    assertThat(names(model))
        .containsExactly("model.json", FolderManifest.FILE_NAME, "resolved-config.json");
    assertThat(FolderManifest.verify(model)).isTrue();
    assertThat(names(dir))
        .containsExactly("data.palrds", "data.palrds.resolved-config.json", "mine", "model");
  }

  @Test
  void optionsWithoutEffectAreRefusedWithTheReason() {
    Cli.Result adapter =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(Cli.SMALL, "--user", "u00001", "--adapter", "x")));
    assertThat(adapter.exitCode()).isEqualTo(2);
    assertThat(adapter.err())
        .contains("--adapter applies to a local model and has no effect without --llm");
    Cli.Result negatives =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(Cli.SMALL, "--systems", "pop", "--negatives", "50", "-o", "x")));
    assertThat(negatives.exitCode()).isEqualTo(2);
    assertThat(negatives.err()).contains("--negatives has no effect without --protocol sampled");
    Cli.Result rank =
        Cli.run(
            "finetune",
            "--model",
            "m",
            "--instructions",
            "i",
            "--method",
            "full",
            "--rank",
            "4",
            "-o",
            "x");
    assertThat(rank.exitCode()).isEqualTo(2);
    assertThat(rank.err()).contains("--rank has no effect without --method lora");
  }

  @Test
  void impossibleSizesAreOneLineErrors() {
    Cli.Result negatives =
        Cli.run(
            Cli.concat(
                new String[] {"evaluate"},
                Cli.concat(
                    Cli.SMALL,
                    "--systems",
                    "pop",
                    "--protocol",
                    "sampled",
                    "--negatives",
                    "100000",
                    "-o",
                    dir.resolve("e").toString())));
    assertThat(negatives.exitCode()).isEqualTo(2);
    assertThat(negatives.err()).contains("--negatives 100000 is more than the catalogue offers");
    Cli.Result huge =
        Cli.run(
            Cli.concat(
                new String[] {"train"},
                Cli.concat(
                    Cli.SMALL,
                    "-m",
                    "sasrec",
                    "-P",
                    "hiddenSize=1000000",
                    "-o",
                    dir.resolve("t").toString())));
    assertThat(huge.exitCode()).as(huge.toString()).isEqualTo(1);
    assertThat(huge.err().strip())
        .startsWith("palr: error: sasrec (maxLength=")
        .contains("hiddenSize=1000000")
        .contains("more than this machine's")
        .doesNotContain("SasRecConfig");
    assertThat(dir.resolve("t")).doesNotExist();
    Cli.Result k =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"},
                Cli.concat(Cli.SMALL, "--user", "u00001", "-k", "100000")));
    assertThat(k.exitCode()).isEqualTo(2);
    assertThat(k.err()).contains("-k 100000 is more than the catalogue's");
    Cli.Result users =
        Cli.run(
            "prepare",
            "--synthetic",
            "--synthetic-users",
            "2000000000",
            "-o",
            dir.resolve("s").toString());
    assertThat(users.exitCode()).isEqualTo(2);
    assertThat(users.err()).contains("--synthetic-users").contains("of heap");
  }

  @Test
  void benchDataTakesItsArgumentsAndRefusesImpossibleSizes() {
    Cli.Result r = Cli.run("bench", "data", "--interactions", "1000");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--interactions 1,000 cannot be generated");
    Cli.Result unknown = Cli.run("bench", "retrieval", "--epoch", "1");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown option --epoch");
  }

  @Test
  void tooLongPromptIsRefusedBeforeItIsEchoed() throws Exception {
    WordLevelTokenizer tok = WordLevelTokenizer.train(List.of("a b c d e f g h"), 1);
    Path base = dir.resolve("base");
    try (LlamaModel m =
        ScratchModels.random(
            new LlamaConfig(16, 32, 1, 2, 2, 8, tok.vocabSize(), 8, 1e-5, 10000.0, true, 1, 2),
            1,
            Device.cpu())) {
      HfModelWriter.write(m, base);
    }
    tok.save(base.resolve("tokenizer.json"));
    Cli.Result r =
        Cli.run(
            "generate", "--model", base.toString(), "--prompt", "a b c d e f g h a b c", "-n", "2");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .containsPattern(
            "--prompt is \\d+ tokens but the model's context holds 8, with at least one");
  }

  @Test
  void controlCharactersNeverReachTheTerminalRaw() throws Exception {
    Cli.Result r =
        Cli.run(
            Cli.concat(
                new String[] {"recommend"}, Cli.concat(Cli.SMALL, "--history", "\u001b[2Jgone")));
    assertThat(r.out() + r.err()).doesNotContain("\u001b").contains("\\u001b[2Jgone");
    StringWriter sw = new StringWriter();
    try (TerminalWriter w = new TerminalWriter(sw, true)) {
      w.write("a\tb\nc\rd\u0007e\u009bf\u202eg");
    }
    assertThat(sw.toString()).isEqualTo("a\tb\nc\rd\\u0007e\\u009bf\\u202eg");
    assertThat(TerminalWriter.escape("x\ry")).isEqualTo("x\\u000dy");
  }
}
