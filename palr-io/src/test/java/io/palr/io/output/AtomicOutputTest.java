package io.palr.io.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.io.FileFormatException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void fileIsReplacedOnlyOnCommit() throws IOException {
    Path f = dir.resolve("out.txt");
    Files.writeString(f, "old");
    try (AtomicOutput out = AtomicOutput.file(f)) {
      Files.writeString(out.staging(), "new");
      assertThat(Files.readString(f)).isEqualTo("old");
      assertThat(out.staging().getFileName().toString())
          .startsWith(".out.txt.")
          .endsWith(".palr-tmp");
      out.commit();
    }
    assertThat(Files.readString(f)).isEqualTo("new");
    assertThat(names()).containsExactly("out.txt");
  }

  @Test
  void failureLeavesTheOldFileAndNoTemporary() throws IOException {
    Path f = dir.resolve("out.txt");
    Files.writeString(f, "old");
    assertThatThrownBy(
            () ->
                AtomicOutput.writeFile(
                    f,
                    p -> Files.writeString(p, "half"),
                    p -> {
                      throw new IOException("verification failed");
                    }))
        .hasMessage("verification failed");
    assertThat(Files.readString(f)).isEqualTo("old");
    assertThat(names()).containsExactly("out.txt");
  }

  @Test
  void folderIsSwappedWithAManifest() throws IOException {
    Path d = dir.resolve("model");
    AtomicOutput.writeFolder(d, p -> Files.writeString(p.resolve("a.bin"), "one"), p -> {});
    assertThat(FolderManifest.verify(d)).isTrue();
    AtomicOutput.writeFolder(d, p -> Files.writeString(p.resolve("b.bin"), "two"), p -> {});
    try (Stream<Path> s = Files.list(d)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("b.bin", FolderManifest.FILE_NAME);
    }
    assertThat(names()).containsExactly("model");
  }

  @Test
  void abortedFolderLeavesTheOldOne() throws IOException {
    Path d = dir.resolve("model");
    AtomicOutput.writeFolder(d, p -> Files.writeString(p.resolve("a.bin"), "one"), p -> {});
    try (AtomicOutput out = AtomicOutput.folder(d)) {
      Files.writeString(out.staging().resolve("a.bin"), "broken");
    }
    assertThat(Files.readString(d.resolve("a.bin"))).isEqualTo("one");
    assertThat(names()).containsExactly("model");
  }

  @Test
  void refusesToReplaceAFolderPalrDidNotWrite() throws IOException {
    Path d = Files.createDirectories(dir.resolve("home"));
    Files.writeString(d.resolve("thesis.tex"), "precious");
    assertThatThrownBy(() -> AtomicOutput.folder(d))
        .isInstanceOf(OutputPathException.class)
        .hasMessageContaining("palr did not write");
    assertThat(Files.readString(d.resolve("thesis.tex"))).isEqualTo("precious");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    AtomicOutput.writeFolder(empty, p -> Files.writeString(p.resolve("x"), "x"), p -> {});
    assertThat(empty.resolve("x")).exists();
  }

  @Test
  void refusesFileFolderConfusion() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Path d = Files.createDirectories(dir.resolve("d"));
    assertThatThrownBy(() -> AtomicOutput.folder(f)).hasMessageContaining("is not a folder");
    assertThatThrownBy(() -> AtomicOutput.file(d)).hasMessageContaining("is a folder");
  }

  @Test
  void staleTemporariesOfDeadProcessesAreCleanedAndOldFoldersRestored() throws IOException {
    Path d = dir.resolve("model");
    // pids above the kernel's limit (2^22) never run
    Path tmp = Files.createDirectories(dir.resolve(".model.999999999-abc.palr-tmp"));
    Files.writeString(tmp.resolve("partial"), "x");
    Path old = Files.createDirectories(dir.resolve(".model.999999998-def.palr-old"));
    Files.writeString(old.resolve("a.bin"), "previous");
    Path other = Files.createDirectories(dir.resolve(".model2.999999999-abc.palr-tmp"));
    AtomicOutput.recover(d);
    assertThat(Files.readString(d.resolve("a.bin"))).isEqualTo("previous");
    assertThat(AtomicOutput.cleanStale(d)).isEqualTo(1);
    assertThat(names()).containsExactly(".model2.999999999-abc.palr-tmp", "model");
    assertThat(other).exists();
  }

  @Test
  void outputsInsideAnOpenFolderAreWrittenInPlace() throws IOException {
    Path d = dir.resolve("run");
    try (AtomicOutput out = AtomicOutput.folder(d)) {
      Path inner = out.staging().resolve("checkpoint");
      AtomicOutput.writeFolder(
          inner, p -> Files.writeString(p.resolve("w"), "1"), p -> assertThat(p).isEqualTo(inner));
      AtomicOutput.writeFile(
          out.staging().resolve("log.csv"), p -> Files.writeString(p, "a"), p -> {});
      assertThat(inner.resolve(FolderManifest.FILE_NAME)).exists();
      // two writers sharing one folder inside the staging (a trainer, then the model writer it
      // calls): the second adds to what the first wrote
      Path shared = out.staging().resolve("llm");
      try (AtomicOutput trainer = AtomicOutput.folder(shared)) {
        Files.writeString(trainer.staging().resolve("log.csv"), "steps");
        AtomicOutput.writeFolder(shared, p -> Files.writeString(p.resolve("model"), "w"), p -> {});
        trainer.commit();
      }
      assertThat(shared.resolve("log.csv")).exists();
      assertThat(shared.resolve("model")).exists();
      out.commit();
    }
    assertThat(Files.readString(d.resolve("checkpoint/w"))).isEqualTo("1");
    assertThat(FolderManifest.verify(d)).isTrue();
    assertThat(FolderManifest.verify(d.resolve("checkpoint"))).isTrue();
  }

  @Test
  void manifestDetectsTruncationAndDamage() throws IOException {
    Path d = dir.resolve("model");
    AtomicOutput.writeFolder(
        d, p -> Files.write(p.resolve("w.bin"), new byte[] {1, 2, 3, 4}), p -> {});
    Files.write(d.resolve("w.bin"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> FolderManifest.verify(d))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("w.bin")
        .hasMessageContaining("has 3 bytes but palr-manifest.json records 4");
    Files.write(d.resolve("w.bin"), new byte[] {1, 2, 3, 5});
    assertThatThrownBy(() -> FolderManifest.verify(d)).hasMessageContaining("SHA-256");
    Files.delete(d.resolve("w.bin"));
    assertThatThrownBy(() -> FolderManifest.verify(d)).hasMessageContaining("is missing");
    Files.writeString(d.resolve(FolderManifest.FILE_NAME), "{");
    assertThatThrownBy(() -> FolderManifest.verify(d)).isInstanceOf(FileFormatException.class);
  }

  @Test
  void guardRefusesOutputsOverOrAroundInputs() throws IOException {
    Path data = Files.writeString(dir.resolve("data.palrds"), "x");
    Path models = Files.createDirectories(dir.resolve("models"));
    assertThatThrownBy(
            () ->
                OutputGuard.requireSeparate(
                    data, "-o", Map.of("--data", dir.resolve("./data.palrds"))))
        .hasMessageContaining("is the input given as --data");
    assertThatThrownBy(
            () ->
                OutputGuard.requireSeparate(models.resolve("x/y"), "-o", Map.of("--model", models)))
        .hasMessageContaining("inside the input folder given as --model");
    assertThatThrownBy(() -> OutputGuard.requireSeparate(dir, "--output", Map.of("--data", data)))
        .hasMessageContaining("holds the input given as --data");
    Path link = Files.createSymbolicLink(dir.resolve("link.palrds"), data);
    assertThatThrownBy(() -> OutputGuard.requireSeparate(link, "-o", Map.of("--data", data)))
        .hasMessageContaining("is the input");
    OutputGuard.requireSeparate(
        dir.resolve("other"), "-o", Map.of("--data", data, "--model", models));
  }

  /** SIGINT while a folder is being written: the shutdown hook removes the temporary. */
  @Test
  void interruptedProcessLeavesOldOutputAndNoTemporary() throws Exception {
    assumeTrue(new File("/bin/kill").canExecute() || new File("/usr/bin/kill").canExecute());
    Path d = dir.resolve("model");
    AtomicOutput.writeFolder(d, p -> Files.writeString(p.resolve("a.bin"), "one"), p -> {});
    for (String signal :
        new java.util.LinkedHashSet<>(List.of(interruptSignal(), "TERM", "KILL"))) {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SlowWriter.class.getName(),
                  d.toString())
              .redirectErrorStream(true)
              .start();
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(r.readLine()).isEqualTo("staged");
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(d.resolve("a.bin"))).isEqualTo("one");
      if (!signal.equals("KILL")) {
        assertThat(names()).as(signal).containsExactly("model");
      }
      AtomicOutput.cleanStale(d);
      assertThat(names()).as(signal).containsExactly("model");
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

  /** Stages a folder and waits to be killed. */
  public static final class SlowWriter {
    private SlowWriter() {}

    public static void main(String[] args) throws Exception {
      try (AtomicOutput out = AtomicOutput.folder(Path.of(args[0]))) {
        Files.writeString(out.staging().resolve("a.bin"), "partial");
        System.out.println("staged");
        System.out.flush();
        Thread.sleep(60_000);
        out.commit();
      }
    }
  }
}
