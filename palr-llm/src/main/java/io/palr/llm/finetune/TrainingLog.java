package io.palr.llm.finetune;

import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingPlan;
import io.palr.api.training.TrainingStep;
import io.palr.api.training.Validation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code training_log.csv}: a header {@code step,epoch,loss,lr,split} and one row per logged step
 * ({@code split} {@code train}, every {@code logEverySteps} steps and the last) or evaluation
 * ({@code split} {@code eval}, with the held-out loss in {@code loss}). Rows are flushed as they
 * are written, so a crashed run keeps its log.
 */
final class TrainingLog implements TrainingListener, AutoCloseable {
  /** The header line. */
  static final String HEADER = "step,epoch,loss,lr,split";

  private final BufferedWriter out;
  private final int logEverySteps;
  private long plannedSteps;
  private double epochs;
  private double lr;

  TrainingLog(Path file, int logEverySteps) throws IOException {
    this.logEverySteps = logEverySteps;
    Files.createDirectories(file.toAbsolutePath().getParent());
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(HEADER);
    out.newLine();
    out.flush();
  }

  @Override
  public void onTrainingBegin(TrainingPlan plan, io.palr.api.training.TrainingControl control) {
    plannedSteps = plan.plannedSteps();
  }

  @Override
  public void onStep(TrainingStep s) {
    epochs = s.epochs();
    lr = s.learningRate();
    if (s.step() % logEverySteps == 0 || s.step() == plannedSteps) {
      row(s.step(), s.epochs(), s.loss(), s.learningRate(), "train");
    }
  }

  @Override
  public void onValidation(Validation v) {
    row(v.step(), v.step() == 0 ? 0 : epochs, v.value(), v.step() == 0 ? 0 : lr, "eval");
  }

  private void row(long step, double epoch, double loss, double lr, String split) {
    try {
      out.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%.6g,%s", step, epoch, loss, lr, split));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the training log", e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
