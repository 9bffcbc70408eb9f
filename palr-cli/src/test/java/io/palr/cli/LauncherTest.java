package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs the {@code palr} launcher script itself (which builds the CLI with Maven if needed). */
@Tag("slow")
class LauncherTest {
  @Test
  void launcherPrintsHelp() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path script = root.resolve("palr");
    assumeTrue(Files.isRegularFile(script), "no launcher at " + script);
    assumeTrue(onPath("mvn") && onPath("bash"), "mvn or bash is not on the PATH");
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), "--help")
            .directory(root.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PALR_MAVEN_OPTS", "-o");
    String text = run(pb, 5);
    assertThat(text).contains("Usage: palr").contains("quickstart").contains("evaluate");

    ProcessBuilder bad =
        new ProcessBuilder("bash", script.toString(), "no-such-command")
            .directory(root.toFile())
            .redirectErrorStream(true);
    bad.environment().put("PALR_MAVEN_OPTS", "-o");
    String badText = run(bad, 2, 2);
    assertThat(badText.strip()).startsWith("palr: error:");
  }

  /** Runs to completion within the limit (killing it otherwise) and expects exit code 0. */
  private static String run(ProcessBuilder pb, int minutes) throws Exception {
    return run(pb, minutes, 0);
  }

  /**
   * Runs the process with its output going to a file, so that waiting is bounded by the timeout
   * alone (reading a pipe to its end first would wait for as long as the process lives).
   */
  private static String run(ProcessBuilder pb, int minutes, int expectedExit) throws Exception {
    Path out = Files.createTempFile("palr-launcher", ".log");
    try {
      Process p = pb.redirectOutput(out.toFile()).start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        String soFar = Files.readString(out, StandardCharsets.UTF_8);
        throw new AssertionError(
            String.format(
                Locale.ROOT,
                "launcher did not finish within %d min; output so far:%n%s",
                minutes,
                soFar));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(text).isEqualTo(expectedExit);
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static boolean onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }
}
