package io.palr.retrieval.train;

import java.io.PrintStream;

/**
 * A one-line console progress bar (carriage-return redrawn, at most a few times a second) on a
 * terminal; elsewhere (a log file, a pipe) only the final line of each bar is written.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final boolean TERMINAL = System.console() != null;
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
  }

  void update(long done, long samples, double loss) {
    long now = System.nanoTime();
    if (done < total && (!TERMINAL || now - lastDraw < 250_000_000L)) {
      return;
    }
    lastDraw = now;
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    double secs = Math.max(1e-9, (now - startNanos) / 1e9);
    out.printf(
        (TERMINAL ? "\r" : "") + "%s [%s%s] %d/%d loss %.4f %.0f samples/s",
        label,
        "=".repeat(filled),
        " ".repeat(WIDTH - filled),
        done,
        total,
        loss,
        samples / secs);
    if (done >= total) {
      out.println();
    }
    out.flush();
  }
}
