package io.palr.openai.stream;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Passes streamed text through while cutting it at the first stop string, even when a stop string
 * is split across chunks: the last {@code longestStop - 1} characters are held back until it is
 * certain they do not start a stop string. Servers normally stop by themselves; this makes the
 * output identical when one does not. Not thread-safe.
 */
public final class StopSequenceFilter {

  private final List<String> stops;
  private final int holdBack;
  private final Consumer<String> downstream;
  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder emitted = new StringBuilder();
  private boolean stopped;

  /**
   * A filter.
   *
   * @param stops stop strings (empty strings are ignored)
   * @param downstream receives the text that is certain to be output, in order
   */
  public StopSequenceFilter(List<String> stops, Consumer<String> downstream) {
    this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    this.holdBack = this.stops.stream().mapToInt(String::length).max().orElse(1) - 1;
    this.downstream = Objects.requireNonNull(downstream, "downstream");
  }

  /** Cuts {@code text} before the earliest occurrence of any stop string. */
  public static String truncate(String text, List<String> stops) {
    int cut = earliestStop(text, stops);
    return cut < 0 ? text : text.substring(0, cut);
  }

  private static int earliestStop(CharSequence text, List<String> stops) {
    String s = text.toString();
    int best = -1;
    for (String stop : stops) {
      if (stop.isEmpty()) {
        continue;
      }
      int at = s.indexOf(stop);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best;
  }

  /**
   * Accepts the next chunk; returns false once a stop string has been seen (later chunks are
   * dropped).
   */
  public boolean accept(String chunk) {
    if (stopped) {
      return false;
    }
    pending.append(chunk);
    int cut = earliestStop(pending, stops);
    if (cut >= 0) {
      emit(pending.substring(0, cut));
      pending.setLength(0);
      stopped = true;
      return false;
    }
    int safe = pending.length() - holdBack;
    if (safe > 0 && Character.isHighSurrogate(pending.charAt(safe - 1))) {
      safe--;
    }
    if (safe > 0) {
      emit(pending.substring(0, safe));
      pending.delete(0, safe);
    }
    return true;
  }

  /** Ends the stream: releases held-back text. */
  public void finish() {
    if (!stopped) {
      emit(pending.toString());
      pending.setLength(0);
    }
  }

  /** Whether a stop string has been seen. */
  public boolean stopped() {
    return stopped;
  }

  /** Everything emitted so far. */
  public String text() {
    return emitted.toString();
  }

  private void emit(String text) {
    if (!text.isEmpty()) {
      emitted.append(text);
      downstream.accept(text);
    }
  }
}
