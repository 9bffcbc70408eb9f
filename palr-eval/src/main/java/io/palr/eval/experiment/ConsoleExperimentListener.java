package io.palr.eval.experiment;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Draws one progress bar per stage on a terminal (carriage-return updates, at most every 200 ms)
 * and prints stage summaries and messages on their own lines; off a terminal (a log file, a pipe)
 * no bar is drawn.
 */
public final class ConsoleExperimentListener implements ExperimentListener {
  private static final int WIDTH = 30;
  private static final long MIN_INTERVAL_NANOS = 200_000_000L;
  private static final boolean TERMINAL = io.palr.api.Terminal.attached();

  private final PrintStream out;
  private long lastDraw;
  private long stageStart;
  private boolean barOpen;

  /** A listener printing to {@code out} (typically {@code System.err}). */
  public ConsoleExperimentListener(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public synchronized void stageStarted(String stage) {
    closeBar();
    stageStart = System.nanoTime();
    out.println("== " + stage);
    out.flush();
  }

  @Override
  public synchronized void progress(String stage, long done, long total, String detail) {
    if (!TERMINAL) {
      return; // bars only on a terminal; stage summaries still print
    }
    long now = System.nanoTime();
    if (done < total && now - lastDraw < MIN_INTERVAL_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
    StringBuilder bar = new StringBuilder("\r[");
    for (int i = 0; i < WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    double elapsed = (now - stageStart) / 1e9;
    String eta =
        done > 0 && total > done
            ? String.format(Locale.ROOT, " eta %.0fs", elapsed * (total - done) / done)
            : "";
    bar.append("] ")
        .append(done)
        .append('/')
        .append(total)
        .append(' ')
        .append(stage)
        .append(String.format(Locale.ROOT, " %.0fs", elapsed))
        .append(eta);
    if (!detail.isEmpty()) {
      bar.append(' ').append(detail);
    }
    bar.append("   ");
    out.print(bar);
    out.flush();
    barOpen = true;
  }

  @Override
  public synchronized void stageFinished(String stage, double seconds, String summary) {
    closeBar();
    out.println(String.format(Locale.ROOT, "   done in %.1fs: %s", seconds, summary));
    out.flush();
  }

  @Override
  public synchronized void message(String line) {
    closeBar();
    out.println("   " + line);
    out.flush();
  }

  private void closeBar() {
    if (barOpen) {
      out.println();
      barOpen = false;
    }
  }
}
