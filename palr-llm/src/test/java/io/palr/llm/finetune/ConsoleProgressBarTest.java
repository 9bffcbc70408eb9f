package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console bar shows progress, loss, rate, throughput and time left. */
class ConsoleProgressBarTest {
  @Test
  void rendersProgress() {
    String s =
        ConsoleProgressBar.render(new StepProgress(15, 30, 1.5, 1.23456, 2e-4, 0.9, 1234.4, 30));
    assertThat(s)
        .startsWith("[" + "=".repeat(14) + ">" + " ".repeat(15) + "] 15/30")
        .contains("loss 1.2346")
        .contains("lr 2.00e-04")
        .contains("1234 tok/s")
        .endsWith("eta 0m30s");
  }

  @Test
  void finishesTheLineOnTheLastStep() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ConsoleProgressBar bar =
        new ConsoleProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8));
    bar.onStart(2, 10);
    bar.onStep(new StepProgress(1, 2, 0.5, 2.0, 1e-3, 1, 10, 1));
    bar.onStep(new StepProgress(2, 2, 1.0, 1.0, 1e-3, 1, 10, 2));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("fine-tuning: 10 examples, 2 steps").contains("2/2").endsWith("\n");
    if (System.console() == null) {
      // off a terminal (a log file, this test) no bar is redrawn: only the last step, no \r
      assertThat(out).doesNotContain("\r").doesNotContain("] 1/2");
    } else {
      assertThat(out).contains("\r[");
    }
  }
}
