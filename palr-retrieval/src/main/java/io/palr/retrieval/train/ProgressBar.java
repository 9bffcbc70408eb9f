package io.palr.retrieval.train;

import io.palr.api.training.EpochEnd;
import io.palr.api.training.TrainingControl;
import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingPlan;
import io.palr.api.training.TrainingStep;
import io.palr.api.training.Validation;
import java.io.PrintStream;

/**
 * A one-line console progress bar per epoch (carriage-return redrawn, at most a few times a second)
 * on a terminal: applied steps, the epoch's mean loss so far and samples per second; elsewhere (a
 * log file, a pipe) only the final line of each epoch's bar is written.
 */
final class ProgressBar implements TrainingListener {
  private static final int WIDTH = 30;
  private static final boolean TERMINAL = io.palr.api.Terminal.attached();
  private final PrintStream out;
  private final long total;
  private String name = "training";
  private int maxEpochs;
  private int epoch;
  private long startNanos;
  // when the next epoch's first step started: after the plan, the last epoch or its validation
  private long nextEpochStart = System.nanoTime();
  private long lastDraw;
  private long done;
  private long samples;
  private double lossSum;

  ProgressBar(PrintStream out, long stepsPerEpoch) {
    this.out = out;
    this.total = Math.max(1, stepsPerEpoch);
  }

  @Override
  public void onTrainingBegin(TrainingPlan plan, TrainingControl control) {
    name = plan.name();
    maxEpochs = plan.maxEpochs();
    nextEpochStart = System.nanoTime();
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    nextEpochStart = System.nanoTime();
  }

  @Override
  public void onValidation(Validation validation) {
    nextEpochStart = System.nanoTime();
  }

  @Override
  public void onStep(TrainingStep s) {
    if (s.epoch() != epoch) {
      epoch = s.epoch();
      startNanos = nextEpochStart;
      lastDraw = 0;
      done = 0;
      samples = 0;
      lossSum = 0;
    }
    done++;
    samples += s.units();
    lossSum += (float) s.loss();
    long now = System.nanoTime();
    if (done < total && (!TERMINAL || now - lastDraw < 250_000_000L)) {
      return;
    }
    lastDraw = now;
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    double secs = Math.max(1e-9, (now - startNanos) / 1e9);
    out.printf(
        (TERMINAL ? "\r" : "") + "%s epoch %d/%d [%s%s] %d/%d loss %.4f %.0f samples/s",
        name,
        epoch,
        maxEpochs,
        "=".repeat(filled),
        " ".repeat(WIDTH - filled),
        done,
        total,
        lossSum / done,
        samples / secs);
    if (done >= total) {
      out.println();
    }
    out.flush();
  }
}
