package io.palr.llm.finetune;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link ProgressListener} drawing a one-line progress bar with loss, learning rate, throughput
 * and time left, redrawn in place with a carriage return; evaluations and the summary get lines of
 * their own.
 */
public final class ConsoleProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private static final boolean TERMINAL = System.console() != null;
  private final PrintStream out;
  private final long minRedrawNanos;
  private long lastDraw;

  /** A bar on {@code out}, redrawn at most every 200 ms (and on the last step). */
  public ConsoleProgressBar(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
    this.minRedrawNanos = 200_000_000L;
  }

  @Override
  public void onStart(int totalSteps, int trainExamples) {
    out.printf(Locale.ROOT, "fine-tuning: %d examples, %d steps%n", trainExamples, totalSteps);
  }

  @Override
  public void onStep(StepProgress p) {
    long now = System.nanoTime();
    if (p.step() != p.totalSteps() && (!TERMINAL || now - lastDraw < minRedrawNanos)) {
      return; // off a terminal only the last step is written: no carriage returns in log files
    }
    lastDraw = now;
    out.print((TERMINAL ? "\r" : "") + render(p));
    if (p.step() == p.totalSteps()) {
      out.println();
    }
    out.flush();
  }

  /** The bar text for a step (without carriage return). */
  static String render(StepProgress p) {
    int filled = (int) Math.round(WIDTH * (double) p.step() / Math.max(1, p.totalSteps()));
    String bar =
        "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
    double perStep = p.elapsedSeconds() / Math.max(1, p.step());
    long eta = Math.round(perStep * (p.totalSteps() - p.step()));
    return String.format(
        Locale.ROOT,
        "[%s] %d/%d ep %.2f loss %.4f lr %.2e %.0f tok/s eta %dm%02ds",
        bar,
        p.step(),
        p.totalSteps(),
        p.epoch(),
        p.loss(),
        p.learningRate(),
        p.tokensPerSecond(),
        eta / 60,
        eta % 60);
  }

  @Override
  public void onEvaluation(int step, double evalLoss) {
    out.printf(Locale.ROOT, "%n  eval loss at step %d: %.4f%n", step, evalLoss);
  }

  @Override
  public void onFinish(FineTuneResult r) {
    out.printf(
        Locale.ROOT,
        "done: %d steps, train loss %.4f, eval loss %.4f, %.1f tokens/s, checkpoint %s%n",
        r.steps(),
        r.finalTrainLoss(),
        r.finalEvalLoss(),
        r.tokensPerSecond(),
        r.checkpoint());
  }
}
