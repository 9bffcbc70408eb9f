package io.palr.llm.finetune;

import io.palr.api.training.TrainingControl;
import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingPlan;
import io.palr.api.training.TrainingStep;
import io.palr.api.training.TrainingStop;
import io.palr.api.training.Validation;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A fine-tuning {@link TrainingListener} drawing a one-line progress bar with loss, learning rate,
 * throughput and time left, redrawn in place with a carriage return; evaluations and the end of the
 * run get lines of their own.
 */
public final class ConsoleProgressBar implements TrainingListener {
  private static final int WIDTH = 30;
  private static final boolean TERMINAL = io.palr.api.Terminal.attached();
  private final PrintStream out;
  private final long minRedrawNanos;
  private long lastDraw;
  private long tokens;
  private TrainingStep last;
  private double lastEval = Double.NaN;

  /** A bar on {@code out}, redrawn at most every 200 ms (and on the last step). */
  public ConsoleProgressBar(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
    this.minRedrawNanos = 200_000_000L;
  }

  @Override
  public void onTrainingBegin(TrainingPlan plan, TrainingControl control) {
    tokens = 0;
    out.printf(
        Locale.ROOT, "fine-tuning: %d examples, %d steps%n", plan.examples(), plan.plannedSteps());
  }

  @Override
  public void onStep(TrainingStep s) {
    tokens += s.units();
    last = s;
    long now = System.nanoTime();
    if (s.step() != s.plannedSteps() && (!TERMINAL || now - lastDraw < minRedrawNanos)) {
      return; // off a terminal only the last step is written: no carriage returns in log files
    }
    lastDraw = now;
    out.print((TERMINAL ? "\r" : "") + render(s, tokens / Math.max(1e-9, s.elapsedSeconds())));
    if (s.step() == s.plannedSteps()) {
      out.println();
    }
    out.flush();
  }

  /** The bar text for a step (without carriage return). */
  static String render(TrainingStep p, double tokensPerSecond) {
    int filled = (int) Math.round(WIDTH * (double) p.step() / Math.max(1, p.plannedSteps()));
    String bar =
        "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
    double perStep = p.elapsedSeconds() / Math.max(1, p.step());
    long eta = Math.round(perStep * (p.plannedSteps() - p.step()));
    return String.format(
        Locale.ROOT,
        "[%s] %d/%d ep %.2f loss %.4f lr %.2e %.0f tok/s eta %dm%02ds",
        bar,
        p.step(),
        p.plannedSteps(),
        p.epochs(),
        p.loss(),
        p.learningRate(),
        tokensPerSecond,
        eta / 60,
        eta % 60);
  }

  @Override
  public void onValidation(Validation v) {
    lastEval = v.value();
    out.printf(Locale.ROOT, "%n  eval loss at step %d: %.4f%n", v.step(), v.value());
  }

  @Override
  public void onTrainingEnd(TrainingStop stop) {
    out.printf(
        Locale.ROOT,
        "done: %d steps%s, train loss %.4f, eval loss %.4f, %.1f tokens/s%n",
        stop.steps(),
        stop.early() ? " (" + stop.detail() + ")" : "",
        last == null ? Double.NaN : last.loss(),
        lastEval,
        last == null ? 0 : tokens / Math.max(1e-9, last.elapsedSeconds()));
  }
}
