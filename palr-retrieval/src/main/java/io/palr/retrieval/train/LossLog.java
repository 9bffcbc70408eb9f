package io.palr.retrieval.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Appends {@code epoch,step,loss,lr} rows to a CSV so reports can plot the training curve. */
final class LossLog implements AutoCloseable {
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

  void row(int epoch, long step, double loss, float lr) {
    try {
      out.write(epoch + "," + step + "," + loss + "," + lr + "\n");
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
