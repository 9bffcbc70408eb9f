package io.palr.openai.stream;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the lines of a {@code text/event-stream} body into {@link ServerSentEvent}s, following the
 * WHATWG rules leniently: comment lines ({@code ":"}, used as keep-alives) and unknown fields are
 * skipped, {@code data:} with or without the space after the colon, multi-line data joined with
 * {@code '\n'}, a leading byte-order mark dropped, and a final event that lacks its terminating
 * blank line is still delivered by {@link #finish()}. Not thread-safe: feed one stream from one
 * thread at a time.
 */
public final class ServerSentEventParser {

  private final Consumer<ServerSentEvent> sink;
  private final StringBuilder data = new StringBuilder();
  private String eventType = "message";
  private boolean hasData;
  private boolean firstLine = true;

  /** A parser delivering events to {@code sink}. */
  public ServerSentEventParser(Consumer<ServerSentEvent> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Feeds one line, without its line terminator (a trailing {@code '\r'} is tolerated). */
  public void feedLine(String line) {
    String l = line;
    if (firstLine) {
      firstLine = false;
      if (l.startsWith("\uFEFF")) {
        l = l.substring(1);
      }
    }
    if (l.endsWith("\r")) {
      l = l.substring(0, l.length() - 1);
    }
    if (l.isEmpty()) {
      dispatch();
      return;
    }
    if (l.startsWith(":")) {
      return;
    }
    int colon = l.indexOf(':');
    String field = colon < 0 ? l : l.substring(0, colon);
    String value = colon < 0 ? "" : l.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> eventType = value.isEmpty() ? "message" : value;
      default -> {
        // id, retry and unknown fields carry nothing the OpenAI protocol uses
      }
    }
  }

  /** Ends the stream: delivers a pending event whose blank line never came. */
  public void finish() {
    dispatch();
  }

  private void dispatch() {
    if (hasData) {
      ServerSentEvent event = new ServerSentEvent(eventType, data.toString());
      data.setLength(0);
      hasData = false;
      eventType = "message";
      sink.accept(event);
    } else {
      eventType = "message";
    }
  }
}
