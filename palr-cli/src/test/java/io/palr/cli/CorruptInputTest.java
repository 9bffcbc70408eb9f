package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.FolderManifest;
import io.palr.llm.finetune.HfModelWriter;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file format palr reads today, damaged in the usual ways (empty, truncated, bytes flipped, a
 * garbage header, control characters, a junk line), read by the command that reads it: the result
 * is a one-line {@code palr: error: ...} (or, for damage a text format tolerates, a normal run),
 * never a stack trace, a hang or an OutOfMemoryError. Prints the counts.
 *
 * <p>The default build runs seven fixed corruptions per file; {@code @Tag("long")} adds 20 random
 * byte-flip and truncation variants per file:
 *
 * <pre>
 * mvn -B -pl palr-cli -am verify -Dsurefire.excludedGroups= -Dgroups=long \
 *     -Dtest=CorruptInputTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class CorruptInputTest {
  private static final Path SHARED = Path.of(System.getProperty("palr.shared", "../shared"));
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "(?m)^\\s+at [\\w$.]+\\(|Exception in thread|OutOfMemoryError|StackOverflowError"
              + "|\\b(java|javax|ai|io|com|picocli)\\.[\\w.]+\\.[A-Z]\\w*(Exception|Error)\\b");

  @TempDir static Path dir;

  /** One file of one format and the command that reads it. */
  private record Input(
      String format, Path original, String fileInFolder, Function<Path, String[]> command) {
    /** The file damaged in a copy: the folder when the input is a folder, else the file. */
    Path damaged(Path copy) {
      return fileInFolder == null ? copy : copy.resolve(fileInFolder);
    }
  }

  private static final List<Input> INPUTS = new ArrayList<>();
  private static int copies;

  @BeforeAll
  static void fixtures() throws Exception {
    Path data = dir.resolve("valid/data.palrds");
    run(Cli.concat(new String[] {"prepare"}, Cli.concat(Cli.SMALL, "-o", data.toString())));
    Path model = dir.resolve("valid/model");
    run(
        "train",
        "--data",
        data.toString(),
        "-m",
        "sasrec",
        "-P",
        "hiddenSize=8",
        "-P",
        "maxLength=10",
        "-P",
        "blocks=1",
        "-P",
        "heads=1",
        "--epochs",
        "1",
        "--no-progress",
        "-o",
        model.toString());
    Path inst = dir.resolve("valid/inst");
    run(
        "instructions",
        "--data",
        data.toString(),
        "--user-sample",
        "0.1",
        "--candidates",
        "5",
        "-o",
        inst.toString());
    Path jsonl = inst.resolve("instructions.jsonl");
    Path base = dir.resolve("valid/base");
    WordLevelTokenizer tok =
        WordLevelTokenizer.train(Files.readAllLines(jsonl, StandardCharsets.UTF_8), 1);
    try (LlamaModel m =
        ScratchModels.random(
            new LlamaConfig(16, 32, 1, 2, 2, 8, tok.vocabSize(), 512, 1e-5, 10000.0, true, 1, 2),
            3,
            Device.cpu())) {
      HfModelWriter.write(m, base);
    }
    tok.save(base.resolve("tokenizer.json"));
    Path lora = dir.resolve("valid/lora");
    run(
        "finetune",
        "--model",
        base.toString(),
        "--instructions",
        jsonl.toString(),
        "--rank",
        "2",
        "--max-steps",
        "1",
        "--batch-size",
        "2",
        "--max-length",
        "400",
        "--eval-fraction",
        "0",
        "-o",
        lora.toString());
    Path sft = Files.writeString(dir.resolve("valid/sft.jsonl"), sftLines());
    Path yaml =
        Files.writeString(
            dir.resolve("valid/config.yaml"),
            "synthetic: true\nsynthetic-users: 150\nmodel: pop\n");
    Path json =
        Files.writeString(
            dir.resolve("valid/config.json"),
            "{\"synthetic\": true, \"synthetic-users\": 150, \"model\": \"pop\"}");

    Path ml1m = Files.createDirectories(dir.resolve("valid/ml-1m"));
    StringBuilder movies = new StringBuilder();
    StringBuilder ratings = new StringBuilder();
    StringBuilder udata = new StringBuilder();
    StringBuilder uitem = new StringBuilder();
    StringBuilder amazon = new StringBuilder();
    StringBuilder meta = new StringBuilder();
    StringBuilder seq = new StringBuilder();
    StringBuilder titles = new StringBuilder("id\ttitle\n");
    StringBuilder inter = new StringBuilder("user_id:token\titem_id:token\ttimestamp:float\n");
    StringBuilder item = new StringBuilder("item_id:token\ttitle:token_seq\n");
    StringBuilder csv = new StringBuilder("user,item,rating,timestamp\n");
    for (int i = 1; i <= 15; i++) {
      movies
          .append(i)
          .append("::Movie ")
          .append(i)
          .append(" (199")
          .append(i % 10)
          .append(")::Drama\n");
      uitem.append(i).append("|Movie ").append(i).append(" (1995)|01-Jan-1995||http://x|0|1\n");
      meta.append("{\"asin\": \"B")
          .append(i)
          .append("\", \"title\": \"Item ")
          .append(i)
          .append("\"}\n");
      titles.append('i').append(i).append("\tItem ").append(i).append('\n');
      item.append('i').append(i).append("\tItem ").append(i).append('\n');
    }
    for (int u = 1; u <= 30; u++) {
      seq.append('u').append(u);
      for (int k = 0; k < 6; k++) {
        int it = 1 + (u + k * 2) % 15;
        long ts = 978300000L + u * 100L + k;
        ratings.append(u).append("::").append(it).append("::4::").append(ts).append('\n');
        udata.append(u).append('\t').append(it).append("\t4\t").append(ts).append('\n');
        amazon
            .append('A')
            .append(u)
            .append(",B")
            .append(it)
            .append(",4.0,")
            .append(ts)
            .append('\n');
        seq.append(" i").append(it);
        inter.append('u').append(u).append("\ti").append(it).append('\t').append(ts).append('\n');
        csv.append('u').append(u).append(",i").append(it).append(",4,").append(ts).append('\n');
      }
      seq.append('\n');
    }
    Files.writeString(ml1m.resolve("movies.dat"), movies, StandardCharsets.ISO_8859_1);
    Files.writeString(ml1m.resolve("ratings.dat"), ratings);
    Path ml100k = Files.createDirectories(dir.resolve("valid/ml-100k"));
    Files.writeString(ml100k.resolve("u.data"), udata);
    Files.writeString(ml100k.resolve("u.item"), uitem, StandardCharsets.ISO_8859_1);
    Files.writeString(ml100k.resolve("u.genre"), "unknown|0\nDrama|1\n");
    Path amz = Files.createDirectories(dir.resolve("valid/amazon"));
    Files.writeString(amz.resolve("ratings.csv"), amazon);
    Files.writeString(amz.resolve("meta.json"), meta);
    Path sq = Files.createDirectories(dir.resolve("valid/sequences"));
    Files.writeString(sq.resolve("seq.txt"), seq);
    Files.writeString(sq.resolve("titles.tsv"), titles);
    Path rb = Files.createDirectories(dir.resolve("valid/recbole"));
    Files.writeString(rb.resolve("toy.inter"), inter);
    Files.writeString(rb.resolve("toy.item"), item);
    Path cs = Files.createDirectories(dir.resolve("valid/csv"));
    Files.writeString(cs.resolve("events.csv"), csv);

    Function<String, Function<Path, String[]>> prepare =
        fmt ->
            p -> {
              List<String> a = new ArrayList<>(List.of("prepare", "--format", fmt));
              switch (fmt) {
                case "amazon" ->
                    a.addAll(
                        List.of(
                            p.resolve("ratings.csv").toString(),
                            p.resolve("meta.json").toString()));
                case "sequences" ->
                    a.addAll(
                        List.of(
                            p.resolve("seq.txt").toString(), p.resolve("titles.tsv").toString()));
                case "recbole" -> a.add(p.resolve("toy.inter").toString());
                case "csv" -> a.add(p.resolve("events.csv").toString());
                default -> a.add(p.toString());
              }
              a.addAll(
                  List.of(
                      "--min-core",
                      "0",
                      "-o",
                      p.resolveSibling(p.getFileName() + ".palrds").toString()));
              return a.toArray(String[]::new);
            };
    add("ml-1m", ml1m, "ratings.dat", prepare.apply("ml-1m"));
    add("ml-1m", ml1m, "movies.dat", prepare.apply("ml-1m"));
    add("ml-100k", ml100k, "u.data", prepare.apply("ml-100k"));
    add("ml-100k", ml100k, "u.item", prepare.apply("ml-100k"));
    add("ml-100k", ml100k, "u.genre", prepare.apply("ml-100k"));
    add("amazon", amz, "ratings.csv", prepare.apply("amazon"));
    add("amazon", amz, "meta.json", prepare.apply("amazon"));
    add("sequences", sq, "seq.txt", prepare.apply("sequences"));
    add("sequences", sq, "titles.tsv", prepare.apply("sequences"));
    add("recbole", rb, "toy.inter", prepare.apply("recbole"));
    add("recbole", rb, "toy.item", prepare.apply("recbole"));
    add("csv", cs, "events.csv", prepare.apply("csv"));
    add(
        "snapshot",
        data,
        null,
        p -> new String[] {"train", "--data", p.toString(), "-m", "pop", "-o", out(p)});
    Function<Path, String[]> recommend =
        p ->
            new String[] {
              "recommend",
              "--data",
              data.toString(),
              "--model-dir",
              p.toString(),
              "--user",
              "u00001",
              "-k",
              "3"
            };
    for (String f :
        List.of(
            "model.json",
            "checkpoint/config.json",
            "checkpoint/model.safetensors",
            FolderManifest.FILE_NAME)) {
      add("model folder", model, f, recommend);
    }
    Function<Path, String[]> finetune =
        p ->
            new String[] {
              "finetune",
              "--model",
              base.toString(),
              "--instructions",
              p.toString(),
              "--rank",
              "2",
              "--max-steps",
              "1",
              "--batch-size",
              "2",
              "--max-length",
              "400",
              "--eval-fraction",
              "0",
              "-o",
              out(p)
            };
    add("instructions jsonl", jsonl, null, finetune);
    add("prompt/completion jsonl", sft, null, finetune);
    Function<Path, String[]> generate =
        p -> new String[] {"generate", "--model", p.toString(), "--prompt", "the", "-n", "3"};
    add("HF model", base, "config.json", generate);
    add("HF model", base, "model.safetensors", generate);
    add("word-level tokenizer", base, "tokenizer.json", generate);
    Function<Path, String[]> adapter =
        p ->
            new String[] {
              "recommend",
              "--data",
              data.toString(),
              "--model-dir",
              model.toString(),
              "--user",
              "u00001",
              "-k",
              "2",
              "--candidates",
              "3",
              "--llm",
              base.toString(),
              "--adapter",
              p.toString()
            };
    add("PEFT adapter", lora, "adapter_config.json", adapter);
    add("PEFT adapter", lora, "adapter_model.safetensors", adapter);
    Function<Path, String[]> config =
        p -> new String[] {"train", "--config", p.toString(), "-o", out(p)};
    add("config YAML", yaml, null, config);
    add("config JSON", json, null, config);
    Path stories = SHARED.resolve("models/stories260K");
    if (Files.isRegularFile(stories.resolve("stories260K.bin"))) {
      Path copy = Files.createDirectories(dir.resolve("valid/stories260K"));
      Files.copy(stories.resolve("stories260K.bin"), copy.resolve("stories260K.bin"));
      Files.copy(stories.resolve("tok512.bin"), copy.resolve("tok512.bin"));
      Function<Path, String[]> gen2c =
          p ->
              new String[] {
                "generate",
                "--model",
                p.resolve("stories260K.bin").toString(),
                "--tokenizer",
                p.resolve("tok512.bin").toString(),
                "--prompt",
                "Once",
                "-n",
                "3"
              };
      add("llama2.c checkpoint", copy, "stories260K.bin", gen2c);
      add("llama2.c tokenizer", copy, "tok512.bin", gen2c);
    }
    Path hf = SHARED.resolve("models/stories260K-hf");
    if (Files.isRegularFile(hf.resolve("tokenizer.model"))) {
      Path copy = Files.createDirectories(dir.resolve("valid/stories260K-hf"));
      try (Stream<Path> s = Files.list(hf)) {
        for (Path f : s.toList()) {
          if (Files.isRegularFile(f)) {
            Files.copy(f, copy.resolve(f.getFileName()));
          }
        }
      }
      add("SentencePiece tokenizer", copy, "tokenizer.model", generate);
    }
    // every fixture is valid as written
    for (Input in : INPUTS) {
      Path copy = copy(in, "check-" + INPUTS.indexOf(in));
      Cli.Result r = Cli.run(in.command().apply(copy));
      assertThat(r.exitCode()).as(in.format() + " " + in.fileInFolder() + "\n" + r).isZero();
    }
  }

  private static String sftLines() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      sb.append("{\"prompt\": \"recommend the next\", \"completion\": \"Item ")
          .append(i % 5 + 1)
          .append("\"}\n");
    }
    return sb.toString();
  }

  private static void add(
      String format, Path original, String fileInFolder, Function<Path, String[]> command) {
    INPUTS.add(new Input(format, original, fileInFolder, command));
  }

  private static String out(Path p) {
    return p.resolveSibling(p.getFileName() + "-out").toString();
  }

  private static void run(String... args) {
    Cli.Result r = Cli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** A fresh copy of an input (file or folder) under a new name. */
  private static Path copy(Input in, String name) throws IOException {
    Path target = dir.resolve("runs").resolve(name);
    Files.createDirectories(target);
    Path dest = target.resolve(in.original().getFileName());
    if (Files.isDirectory(in.original())) {
      try (Stream<Path> s = Files.walk(in.original())) {
        for (Path p : s.toList()) {
          Path d = dest.resolve(in.original().relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(d);
          } else {
            Files.copy(p, d);
          }
        }
      }
    } else {
      Files.copy(in.original(), dest);
    }
    return dest;
  }

  /** A damage to a file's bytes. */
  private record Damage(String name, Function<byte[], byte[]> apply) {}

  private static List<Damage> fixedDamages() {
    List<Damage> d = new ArrayList<>();
    d.add(new Damage("empty", b -> new byte[0]));
    d.add(new Damage("half", b -> Arrays.copyOf(b, b.length / 2)));
    d.add(new Damage("last byte cut", b -> Arrays.copyOf(b, Math.max(0, b.length - 1))));
    d.add(new Damage("8 bytes flipped", b -> flip(b, 8, new Random(1))));
    d.add(
        new Damage(
            "garbage header",
            b -> {
              byte[] c = b.clone();
              Arrays.fill(c, 0, Math.min(16, c.length), (byte) 0xff);
              return c;
            }));
    d.add(
        new Damage(
            "control characters",
            b -> {
              byte[] ins = "\u0000\u001b[2J\u0007".getBytes(StandardCharsets.UTF_8);
              int at = b.length / 3;
              byte[] c = new byte[b.length + ins.length];
              System.arraycopy(b, 0, c, 0, at);
              System.arraycopy(ins, 0, c, at, ins.length);
              System.arraycopy(b, at, c, at + ins.length, b.length - at);
              return c;
            }));
    d.add(
        new Damage(
            "junk line",
            b -> {
              byte[] ins =
                  "\n\u001b[31mnot a record\u001b[0m,,,\n".getBytes(StandardCharsets.UTF_8);
              byte[] c = Arrays.copyOf(b, b.length + ins.length);
              System.arraycopy(ins, 0, c, b.length, ins.length);
              return c;
            }));
    return d;
  }

  private static List<Damage> randomDamages(int n, long seed) {
    Random rnd = new Random(seed);
    List<Damage> d = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long s = rnd.nextLong();
      if (i % 2 == 0) {
        d.add(
            new Damage(
                "random flips " + i, b -> flip(b, 1 + new Random(s).nextInt(16), new Random(s))));
      } else {
        d.add(
            new Damage(
                "random cut " + i,
                b -> Arrays.copyOf(b, b.length == 0 ? 0 : new Random(s).nextInt(b.length))));
      }
    }
    return d;
  }

  private static byte[] flip(byte[] b, int count, Random rnd) {
    byte[] c = b.clone();
    for (int i = 0; i < count && c.length > 0; i++) {
      int at = rnd.nextInt(c.length);
      c[at] = (byte) (c[at] ^ (1 + rnd.nextInt(255)));
    }
    return c;
  }

  @Test
  void damagedInputsEndInOneLineErrors() throws Exception {
    check(fixedDamages());
  }

  @Test
  @Tag("long")
  void randomlyDamagedInputsEndInOneLineErrors() throws Exception {
    check(randomDamages(20, 7));
  }

  private void check(List<Damage> damages) throws Exception {
    assumeTrue(!INPUTS.isEmpty());
    int runs = 0;
    int refused = 0;
    int accepted = 0;
    List<String> stackTraces = new ArrayList<>();
    List<String> unnamed = new ArrayList<>();
    Map<String, int[]> byFormat = new LinkedHashMap<>();
    int n = copies;
    copies += 100_000;
    for (Input in : INPUTS) {
      for (boolean withManifest : manifestVariants(in)) {
        for (Damage d : damages) {
          Path copy = copy(in, "d" + n++);
          if (!withManifest) {
            removeManifests(copy);
          }
          Path file = in.damaged(copy);
          Files.write(file, d.apply().apply(Files.readAllBytes(file)));
          String what =
              in.format()
                  + " "
                  + file.getFileName()
                  + " ("
                  + d.name()
                  + (withManifest ? ", manifest kept" : "")
                  + ")";
          Cli.Result r =
              assertTimeoutPreemptively(
                  Duration.ofMinutes(2), () -> Cli.run(in.command().apply(copy)), what);
          runs++;
          int[] counts = byFormat.computeIfAbsent(in.format(), k -> new int[3]);
          counts[0]++;
          if (STACK_TRACE.matcher(r.out() + r.err()).find()) {
            stackTraces.add(what + ":\n" + r);
          }
          if (r.exitCode() == 0) {
            accepted++;
            counts[2]++;
          } else {
            refused++;
            counts[1]++;
            String last = lastLine(r.err());
            assertThat(last).as(what + "\n" + r).startsWith("palr: error: ");
            assertThat(r.err()).as(what).doesNotContain("\u001b");
            if (!last.contains(file.getFileName().toString())
                && !last.contains(copy.getFileName().toString())) {
              unnamed.add(what + ": " + last);
            }
          }
        }
      }
    }
    byFormat.forEach(
        (f, c) ->
            System.out.printf(
                Locale.ROOT,
                "corrupt input: %-26s %3d runs, %3d refused, %3d accepted%n",
                f,
                c[0],
                c[1],
                c[2]));
    unnamed.forEach(u -> System.out.println("corrupt input: error without the file's name: " + u));
    System.out.printf(
        Locale.ROOT,
        "corrupt input: %d runs over %d files, %d refused with a one-line error, %d accepted,"
            + " %d ended in a stack trace, %d errors without the file's name%n",
        runs,
        INPUTS.size(),
        refused,
        accepted,
        stackTraces.size(),
        unnamed.size());
    assertThat(stackTraces).as("runs that ended in a stack trace").isEmpty();
  }

  /** Without the folder's manifest (the file's own parser meets the damage), and with it. */
  private static List<Boolean> manifestVariants(Input in) {
    if (in.fileInFolder() == null || !FolderManifest.isPresent(in.original())) {
      return List.of(false);
    }
    return in.fileInFolder().equals(FolderManifest.FILE_NAME)
        ? List.of(true)
        : List.of(false, true);
  }

  private static void removeManifests(Path copy) throws IOException {
    if (!Files.isDirectory(copy)) {
      return;
    }
    try (Stream<Path> s = Files.walk(copy)) {
      for (Path p : s.toList()) {
        if (p.getFileName().toString().equals(FolderManifest.FILE_NAME)) {
          AtomicOutput.deleteRecursively(p);
        }
      }
    }
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
