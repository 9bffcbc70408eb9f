package io.palr.openai.stream;

import java.util.Objects;

/**
 * One server-sent event.
 *
 * @param event the event type ({@code "message"} when the stream did not name one)
 * @param data the data lines joined with {@code '\n'}
 */
public record ServerSentEvent(String event, String data) {
  /** Validates the components. */
  public ServerSentEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(data, "data");
  }

  /** Whether this is the OpenAI end-of-stream marker {@code data: [DONE]}. */
  public boolean isDone() {
    return "[DONE]".equals(data.strip());
  }
}
