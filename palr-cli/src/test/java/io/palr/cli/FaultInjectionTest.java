package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.palr.cli.support.ModelDirectory;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.snapshot.DatasetSnapshot;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.FolderManifest;
import io.palr.llm.finetune.HfModelWriter;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.load.PeftAdapters;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: {@code prepare}, {@code train}, {@code finetune} and {@code evaluate} run as
 * separate processes against an existing output and are interrupted at random moments with SIGINT
 * and SIGKILL. After every interruption the output must be the old one, intact and loadable, or a
 * complete new one that loads; the next run must leave no temporary behind. Prints the trial counts
 * and outcomes.
 *
 * <p>The default build runs one trial per command and signal; the full version (20 per command and
 * signal, 160 in all) is tagged {@code long} (left out of the default build):
 *
 * <pre>
 * mvn -B -pl palr-cli -am verify -Dsurefire.excludedGroups= -Dgroups=long \
 *     -Dtest=FaultInjectionTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class FaultInjectionTest {
  @TempDir static Path dir;

  private static Path data;
  private static Path instructions;
  private static Path base;
  private static LeaveOneOutSplit split;

  @BeforeAll
  static void fixtures() throws Exception {
    data = dir.resolve("data.palrds");
    Cli.Result prep =
        Cli.run(Cli.concat(new String[] {"prepare"}, Cli.concat(Cli.SMALL, "-o", data.toString())));
    assertThat(prep.exitCode()).as(prep.toString()).isZero();
    split = LeaveOneOutSplit.of(DatasetSnapshot.read(data).dataset());
    Path inst = dir.resolve("inst");
    Cli.Result exp =
        Cli.run(
            "instructions",
            "--data",
            data.toString(),
            "--user-sample",
            "0.3",
            "--candidates",
            "10",
            "-o",
            inst.toString());
    assertThat(exp.exitCode()).as(exp.toString()).isZero();
    instructions = inst.resolve("instructions.jsonl");
    // a tiny LLaMA-architecture base model with a word-level tokenizer, so no download is needed
    List<String> texts = Files.readAllLines(instructions, StandardCharsets.UTF_8);
    WordLevelTokenizer tok = WordLevelTokenizer.train(texts, 1);
    base = dir.resolve("base");
    try (LlamaModel m =
        ScratchModels.random(
            new io.palr.llm.model.LlamaConfig(
                16, 32, 1, 2, 2, 8, tok.vocabSize(), 512, 1e-5, 10000.0, true, 1, 2),
            7,
            Device.cpu())) {
      HfModelWriter.write(m, base);
    }
    tok.save(base.resolve("tokenizer.json"));
  }

  /** One command under test. */
  private interface Scenario {
    String name();

    Path target();

    List<String> args(int seed);

    /** Loads the output fully; throws if it is incomplete or damaged. */
    void load(Path target) throws Exception;
  }

  private static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    all.add(
        scenario(
            "prepare",
            dir.resolve("prepare/out.palrds"),
            seed ->
                List.of(
                    "prepare",
                    "--synthetic",
                    "--synthetic-users",
                    "600",
                    "--synthetic-franchises",
                    "60",
                    "--synthetic-seed",
                    String.valueOf(seed),
                    "-o",
                    dir.resolve("prepare/out.palrds").toString()),
            t -> DatasetSnapshot.read(t).dataset().statistics()));
    all.add(
        scenario(
            "train",
            dir.resolve("train/model"),
            seed ->
                List.of(
                    "train",
                    "--data",
                    data.toString(),
                    "-m",
                    "sasrec",
                    "-P",
                    "hiddenSize=16",
                    "-P",
                    "maxLength=20",
                    "-P",
                    "blocks=1",
                    "--epochs",
                    "4",
                    "--no-progress",
                    "--seed",
                    String.valueOf(seed),
                    "-o",
                    dir.resolve("train/model").toString()),
            t -> {
              FolderManifest.verify(t);
              try (var scorer = ModelDirectory.open(t, split)) {
                assertThat(scorer).isNotNull();
              }
            }));
    all.add(
        scenario(
            "finetune",
            dir.resolve("finetune/lora"),
            seed ->
                List.of(
                    "finetune",
                    "--model",
                    base.toString(),
                    "--instructions",
                    instructions.toString(),
                    "--rank",
                    "2",
                    "--max-steps",
                    "6",
                    "--batch-size",
                    "4",
                    "--max-length",
                    "400",
                    "--eval-fraction",
                    "0.1",
                    "--seed",
                    String.valueOf(seed),
                    "-o",
                    dir.resolve("finetune/lora").toString()),
            t -> {
              FolderManifest.verify(t);
              try (LlamaModel m = LlamaModels.load(base, LoadOptions.defaults())) {
                assertThat(PeftAdapters.apply(m, t, false)).isNotEmpty();
              }
            }));
    all.add(
        scenario(
            "evaluate",
            dir.resolve("evaluate/report"),
            seed ->
                List.of(
                    "evaluate",
                    "--data",
                    data.toString(),
                    "--systems",
                    "pop,itemknn,sasrec",
                    "-m",
                    "sasrec",
                    "-P",
                    "hiddenSize=16",
                    "-P",
                    "maxLength=20",
                    "--epochs",
                    "2",
                    "--no-progress",
                    "--seed",
                    String.valueOf(seed),
                    "-o",
                    dir.resolve("evaluate/report").toString()),
            t -> {
              assertThat(FolderManifest.verify(t)).isTrue();
              assertThat(Files.readString(t.resolve("results.json"))).contains("sasrec");
              assertThat(t.resolve("report.md")).isRegularFile();
            }));
    return all;
  }

  @FunctionalInterface
  private interface Args {
    List<String> of(int seed);
  }

  @FunctionalInterface
  private interface Loader {
    void load(Path target) throws Exception;
  }

  private static Scenario scenario(String name, Path target, Args args, Loader loader) {
    return new Scenario() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Path target() {
        return target;
      }

      @Override
      public List<String> args(int seed) {
        return args.of(seed);
      }

      @Override
      public void load(Path t) throws Exception {
        loader.load(t);
      }
    };
  }

  @Test
  @Tag("slow")
  void interruptedWritersLoseNothing() throws Exception {
    run(0);
  }

  @Test
  @Tag("long")
  void interruptedWritersLoseNothingInTwentyTrialsPerSignal() throws Exception {
    run(20);
  }

  private record Outcome(String scenario, String signal, Map<String, Integer> counts) {}

  private void run(int trialsPerSignal) throws Exception {
    Random random = new Random(20240607L + trialsPerSignal);
    List<Outcome> outcomes = new ArrayList<>();
    int trials = 0;
    int lost = 0;
    int seed = 100;
    for (Scenario s : scenarios()) {
      Path target = s.target();
      Files.createDirectories(target.getParent());
      Timing timing = reference(s, seed++);
      // the short version (0): one trial per command, the signals alternating between commands
      String interrupt = interruptSignal();
      List<String> signals =
          trialsPerSignal > 0
              ? List.of(interrupt, "KILL")
              : List.of(outcomes.size() % 2 == 0 ? interrupt : "KILL");
      for (String signal : signals) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < Math.max(1, trialsPerSignal); i++) {
          String before = identity(target);
          long delay =
              (long)
                  (timing.staged * 0.8
                      + random.nextDouble() * (timing.finished * 1.05 - timing.staged * 0.8));
          Process p = start(s.args(seed++), target.getParent().resolve("last-run.log"));
          Thread.sleep(Math.max(0, delay));
          if (!signal.equals("KILL")) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
          } else {
            p.destroyForcibly();
          }
          assertThat(p.waitFor(120, TimeUnit.SECONDS))
              .as("%s did not end after SIG%s", s.name(), signal)
              .isTrue();
          trials++;
          String after = identity(target);
          String outcome;
          try {
            s.load(target);
            outcome = after.equals(before) ? "old intact" : "new complete";
          } catch (Exception | AssertionError e) {
            outcome = "LOST (" + e.getMessage() + ")";
            lost++;
          }
          if (p.exitValue() == 0) {
            outcome += ", run had finished";
          }
          counts.merge(outcome, 1, Integer::sum);
          counts.merge("temporaries left", temporaries(target).size(), Integer::sum);
        }
        outcomes.add(new Outcome(s.name(), signal, counts));
      }
      // the next run cleans up whatever the killed ones left and replaces the output
      String before = identity(target);
      Process next = start(s.args(seed++), target.getParent().resolve("last-run.log"));
      assertThat(next.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(next.exitValue())
          .as(Files.readString(target.getParent().resolve("last-run.log")))
          .isZero();
      s.load(target);
      assertThat(identity(target)).isNotEqualTo(before);
      assertThat(temporaries(target)).as("temporaries after the next run").isEmpty();
    }
    for (Outcome o : outcomes) {
      System.out.printf(
          Locale.ROOT, "fault injection: %-8s SIG%-4s %s%n", o.scenario(), o.signal(), o.counts());
    }
    System.out.printf(
        Locale.ROOT,
        "fault injection: trials run %d, outputs lost %d, temporaries after the next run 0%n",
        trials,
        lost);
    assertThat(lost).as("outputs lost").isZero();
  }

  private record Timing(long staged, long finished) {}

  /** Writes the first output uninterrupted and measures when staging starts and the run ends. */
  private Timing reference(Scenario s, int seed) throws Exception {
    long start = System.nanoTime();
    Process p = start(s.args(seed), s.target().getParent().resolve("last-run.log"));
    long staged = -1;
    while (p.isAlive()) {
      if (staged < 0 && !temporaries(s.target()).isEmpty()) {
        staged = (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(10);
    }
    long finished = (System.nanoTime() - start) / 1_000_000;
    assertThat(p.exitValue())
        .as(Files.readString(s.target().getParent().resolve("last-run.log")))
        .isZero();
    s.load(s.target());
    return new Timing(staged < 0 ? finished / 2 : staged, finished);
  }

  private static Process start(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Dai.djl.pytorch.num_threads=1");
    cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PalrCli.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("user.dir")))
        .start();
  }

  /** What identifies one written output: its manifest, or the file's checksum. */
  private static String identity(Path target) throws IOException {
    if (Files.isDirectory(target)) {
      Path m = target.resolve(FolderManifest.FILE_NAME);
      return Files.isRegularFile(m) ? Files.readString(m) : "no manifest";
    }
    return Files.isRegularFile(target) ? FolderManifest.sha256(target) : "missing";
  }

  private static List<Path> temporaries(Path target) throws IOException {
    try (Stream<Path> s = Files.list(target.getParent())) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith(AtomicOutput.TEMP_SUFFIX)
                    || n.endsWith(AtomicOutput.BACKUP_SUFFIX);
              })
          .toList();
    }
  }

  /**
   * SIGINT, or SIGTERM (which runs the same shutdown hooks) when this process tree ignores SIGINT,
   * as a job started in the background with '&' does: the JVM then never sees SIGINT at all.
   */
  static String interruptSignal() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
          return (ignored & (1L << 1)) != 0 ? "TERM" : "INT";
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: assume SIGINT is delivered
    }
    return "INT";
  }
}
