package io.palr.openai;

import static io.palr.openai.FakeOpenAiServer.echoLogprobs;
import static io.palr.openai.FakeOpenAiServer.guidedChoice;
import static io.palr.openai.FakeOpenAiServer.status;
import static io.palr.openai.FakeOpenAiServer.stream;
import static io.palr.openai.FakeOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.palr.openai.metrics.CountingMetricsListener;
import io.palr.openai.tools.RemoteModelCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteModelCheckTest {

  @Test
  void reportsCapabilitiesLatencyAndFailures() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      server.fallback(
          r -> {
            if (r.json().path("stream").asBoolean()) {
              return stream(List.of(" blue", "."), true, Duration.ZERO);
            }
            if (r.json().has("echo")) {
              return echoLogprobs();
            }
            if (r.json().has("guided_choice")) {
              return guidedChoice(o -> o.equals("blue"));
            }
            return r.json().get("prompt").asText().contains("Count: 3,")
                ? status(400, "{}")
                : text("4, 5");
          });
      CountingMetricsListener metrics = new CountingMetricsListener();
      OpenAiConfig config =
          TestSupport.config(server)
              .continuationScoring(CapabilitySetting.PROBE)
              .constrainedChoice(CapabilitySetting.PROBE)
              .metricsListener(metrics)
              .build();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();

      boolean ok =
          RemoteModelCheck.run(
              config, metrics, 10, 4, new PrintStream(bytes, true, StandardCharsets.UTF_8));

      String report = bytes.toString(StandardCharsets.UTF_8);
      assertThat(ok).as(report).isFalse();
      assertThat(report)
          .contains("capabilities: [CONSTRAINED_CHOICE, CONTINUATION_SCORING]")
          .contains("generate: 9/10 ok from 4 threads")
          .contains("generate failed: io.palr.openai.error.LlmHttpStatusException")
          .contains("stream: 2 chunks: ' blue.'")
          .contains("choose: [2, 0]")
          .contains("RESULT: FAILED")
          .doesNotContain(TestSupport.SECRET);
    }
  }
}
