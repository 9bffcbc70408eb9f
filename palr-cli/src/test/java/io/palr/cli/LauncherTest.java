package io.palr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the {@code palr} launcher script itself (which builds the CLI with Maven if needed). */
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
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("Usage: palr").contains("quickstart").contains("evaluate");

    Process bad =
        new ProcessBuilder("bash", script.toString(), "no-such-command")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String badText = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(bad.exitValue()).as(badText).isEqualTo(2);
    assertThat(badText.strip()).startsWith("palr: error:");
  }

  private static boolean onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }
}
