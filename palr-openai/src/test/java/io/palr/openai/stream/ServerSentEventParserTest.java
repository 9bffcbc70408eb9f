package io.palr.openai.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventParserTest {

  private final List<ServerSentEvent> events = new ArrayList<>();
  private final ServerSentEventParser parser = new ServerSentEventParser(events::add);

  private void feed(String raw) {
    for (String line : raw.split("\n", -1)) {
      parser.feedLine(line);
    }
  }

  @Test
  void parsesDataLinesCommentsCrlfAndMultiLineData() {
    feed(
        "\uFEFF: keep-alive\n\ndata: {\"a\":1}\r\n\r\ndata:{\"b\":2}\n\nevent: error\ndata: x\ndata: y\nid: 7\nretry: 100\n\ndata: [DONE]\n\n");
    assertThat(events)
        .containsExactly(
            new ServerSentEvent("message", "{\"a\":1}"),
            new ServerSentEvent("message", "{\"b\":2}"),
            new ServerSentEvent("error", "x\ny"),
            new ServerSentEvent("message", "[DONE]"));
    assertThat(events.get(3).isDone()).isTrue();
  }

  @Test
  void finishDeliversAnEventWithoutItsBlankLine() {
    feed("data: last");
    assertThat(events).isEmpty();
    parser.finish();
    assertThat(events).containsExactly(new ServerSentEvent("message", "last"));
    parser.finish();
    assertThat(events).hasSize(1);
  }

  @Test
  void blankLinesWithoutDataDispatchNothing() {
    feed("\n\n\nevent: ping\n\n");
    assertThat(events).isEmpty();
  }
}
