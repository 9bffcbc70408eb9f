package io.palr.retrieval.train;

import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingStep;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends an {@code epoch,step,loss,lr} row per applied step to a CSV so reports can plot the
 * training curve.
 */
final class LossLog implements TrainingListener, AutoCloseable {
  private final BufferedWriter out;

  LossLog(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      out.write("epoch,step,loss,lr\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write loss log " + file, e);
    }
  }

  @Override
  public void onStep(TrainingStep s) {
    // the loss and the rate are floats: written as the loop always wrote them
    double loss = (float) s.loss();
    float lr = (float) s.learningRate();
    try {
      out.write(s.epoch() + "," + s.step() + "," + loss + "," + lr + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write loss log", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close loss log", e);
    }
  }
}
