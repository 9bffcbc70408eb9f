package io.palr.llm.finetune;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code training_log.csv}: a header {@code step,epoch,loss,lr,split} and one row per logged step
 * ({@code split} {@code train}) or evaluation ({@code split} {@code eval}, with the held-out loss
 * in {@code loss}). Rows are flushed as they are written, so a crashed run keeps its log.
 */
final class TrainingLog implements AutoCloseable {
  /** The header line. */
  static final String HEADER = "step,epoch,loss,lr,split";

  private final BufferedWriter out;

  TrainingLog(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(HEADER);
    out.newLine();
    out.flush();
  }

  void train(int step, double epoch, double loss, double lr) throws IOException {
    row(step, epoch, loss, lr, "train");
  }

  void eval(int step, double epoch, double loss, double lr) throws IOException {
    row(step, epoch, loss, lr, "eval");
  }

  private void row(int step, double epoch, double loss, double lr, String split)
      throws IOException {
    out.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6g,%s", step, epoch, loss, lr, split));
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
