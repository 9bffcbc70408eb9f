package io.palr.openai;

import static io.palr.openai.FakeOpenAiServer.echoLogprobs;
import static io.palr.openai.FakeOpenAiServer.guidedChoice;
import static io.palr.openai.FakeOpenAiServer.status;
import static io.palr.openai.FakeOpenAiServer.stream;
import static io.palr.openai.FakeOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel.Capability;
import io.palr.openai.FakeOpenAiServer.RecordedRequest;
import io.palr.openai.error.LlmMalformedResponseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire protocol against a real loopback HTTP server: what is sent, and how answers are read.
 */
class OpenAiLanguageModelTest {

  private FakeOpenAiServer server;
  private final List<OpenAiLanguageModel> models = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new FakeOpenAiServer();
  }

  @AfterEach
  void stop() throws Exception {
    models.forEach(OpenAiLanguageModel::close);
    server.close();
  }

  private OpenAiLanguageModel model(OpenAiConfig.Builder builder) {
    OpenAiLanguageModel m = OpenAiLanguageModel.create(builder.build());
    models.add(m);
    return m;
  }

  @Test
  void generateSendsTheCompletionsRequestAndReadsTheText() {
    server.enqueue(text("The Matrix\n### Inception"));
    OpenAiLanguageModel model = model(TestSupport.config(server));
    GenerationOptions options = new GenerationOptions(32, 0.7, 5, 0.9, 42, List.of("\n###"));

    List<String> out = model.generate(List.of("Recommend a movie:"), options);

    assertThat(out).containsExactly("The Matrix");
    RecordedRequest req = server.requests().get(0);
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/v1/completions");
    assertThat(req.headers()).containsEntry("authorization", "Bearer " + TestSupport.SECRET);
    assertThat(req.headers().get("content-type")).startsWith("application/json");
    JsonNode body = req.json();
    assertThat(body.get("model").asText()).isEqualTo("llama-test");
    assertThat(body.get("prompt").asText()).isEqualTo("Recommend a movie:");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(32);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.get("top_k").asInt()).isEqualTo(5);
    assertThat(body.get("seed").asLong()).isEqualTo(42);
    assertThat(body.get("stop").get(0).asText()).isEqualTo("\n###");
    assertThat(body.get("stream").asBoolean()).isFalse();
  }

  @Test
  void chatModeSendsMessagesAndABaseUrlEndingInV1IsNotDoubled() {
    server.enqueue(text("Heat"));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .baseUrl(server.baseUrl() + "/v1/")
                .apiMode(ApiMode.CHAT)
                .systemPrompt("You are a recommender."));

    assertThat(model.generate(List.of("One movie?"), GenerationOptions.greedy(8)))
        .containsExactly("Heat");

    RecordedRequest req = server.requests().get(0);
    assertThat(req.path()).isEqualTo("/v1/chat/completions");
    JsonNode messages = req.json().get("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
    assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).get("content").asText()).isEqualTo("One movie?");
    assertThat(req.json().has("top_k")).as("top_k only when > 0").isFalse();
  }

  @Test
  void aBatchIsAnsweredInPromptOrder() {
    server.fallback(
        r ->
            FakeOpenAiServer.slow(
                Duration.ofMillis(5L * (r.json().get("prompt").asText().length() % 4)),
                text("re:" + r.json().get("prompt").asText())));
    OpenAiLanguageModel model = model(TestSupport.config(server).maxConcurrency(3));
    List<String> prompts = IntStream.range(0, 12).mapToObj(i -> "p" + "x".repeat(i)).toList();

    List<String> out = model.generate(prompts, GenerationOptions.greedy(4));

    assertThat(out).containsExactlyElementsOf(prompts.stream().map(p -> "re:" + p).toList());
    assertThat(server.requestCount()).isEqualTo(12);
    assertThat(server.maxInFlight()).isLessThanOrEqualTo(3);
    assertThat(model.generate(List.of(), GenerationOptions.greedy(4))).isEmpty();
  }

  @Test
  void streamingDeliversChunksInOrderAndCutsAtASplitStopString() {
    server.enqueue(stream(List.of("The Ma", "trix\n#", "## Inception"), true, Duration.ZERO));
    OpenAiLanguageModel model = model(TestSupport.config(server));
    List<String> received = new ArrayList<>();

    String all =
        model.generateStreaming(
            "Movie:", GenerationOptions.greedy(16).withStop(List.of("\n###")), received::add);

    assertThat(all).isEqualTo("The Matrix");
    assertThat(String.join("", received)).isEqualTo("The Matrix");
    RecordedRequest req = server.requests().get(0);
    assertThat(req.json().get("stream").asBoolean()).isTrue();
    assertThat(req.headers().get("accept")).isEqualTo("text/event-stream");
  }

  @Test
  void chatStreamingReadsDeltasAndSkipsRoleAndUsageChunks() {
    server.enqueue(
        FakeOpenAiServer.rawStream(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                + ": ping\n\n"
                + "data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hea\"}}]}\r\n\r\n"
                + "event: message\ndata: {\"choices\":[{\"index\":0,\n"
                + "data: \"delta\":{\"content\":\"t\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"total_tokens\":3}}\n\n"
                + "data: [DONE]\n\n"));
    OpenAiLanguageModel model = model(TestSupport.config(server).apiMode(ApiMode.CHAT));
    List<String> received = new ArrayList<>();

    assertThat(model.generateStreaming("?", GenerationOptions.greedy(4), received::add))
        .isEqualTo("Heat");
    assertThat(received).containsExactly("Hea", "t");
  }

  @Test
  void aServerThatIgnoresStreamTrueIsReadAsOneChunk() {
    server.enqueue(text("Alien\n### more"), text("Heat"));
    List<String> received = new ArrayList<>();
    OpenAiLanguageModel completions = model(TestSupport.config(server));
    assertThat(
            completions.generateStreaming(
                "M:", GenerationOptions.greedy(8).withStop(List.of("\n###")), received::add))
        .isEqualTo("Alien");
    OpenAiLanguageModel chat = model(TestSupport.config(server).apiMode(ApiMode.CHAT));
    assertThat(chat.generateStreaming("M:", GenerationOptions.greedy(8), received::add))
        .isEqualTo("Heat");
    assertThat(received).containsExactly("Alien", "Heat");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void scoresContinuationsFromEchoedLogprobsUsingCodePointOffsets() {
    server.fallback(r -> echoLogprobs());
    OpenAiLanguageModel model = model(TestSupport.config(server).scoringBatchSize(4));
    String prompt = "Watched \uD83C\uDFAC Heat, Alien. Next:";
    List<String> continuations =
        List.of(
            " The Matrix",
            " Up",
            " Am\u00e9lie \uD83C\uDFAC",
            " Toy Story 2",
            " Se7en",
            " Jaws",
            " Big",
            " Heat",
            " Alien 3",
            " Ran");

    double[] scores = model.scoreContinuations(prompt, continuations);

    assertThat(server.requestCount()).isEqualTo(3);
    for (int i = 0; i < continuations.size(); i++) {
      double expected =
          FakeOpenAiServer.tokenize(continuations.get(i)).stream()
              .mapToDouble(FakeOpenAiServer::tokenLogprob)
              .sum();
      assertThat(scores[i]).as(continuations.get(i)).isCloseTo(expected, within(1e-9));
    }
    JsonNode body = server.requests().get(0).json();
    assertThat(body.get("echo").asBoolean()).isTrue();
    assertThat(body.get("logprobs").asInt()).isEqualTo(1);
    assertThat(body.get("prompt").isArray()).isTrue();
    assertThat(server.requests())
        .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/completions"));
    assertThatThrownBy(() -> model.scoreContinuations("", List.of(" x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scoringRejectsAServerThatIgnoresEcho() {
    server.fallback(r -> text(" only the generated token"));
    OpenAiLanguageModel model = model(TestSupport.config(server));

    assertThatThrownBy(() -> model.scoreContinuations("Prompt", List.of(" a")))
        .isInstanceOf(LlmMalformedResponseException.class)
        .hasMessageContaining("ignored echo");
    assertThat(server.requestCount()).as("garbage is not retried").isEqualTo(1);
  }

  @Test
  void chooseConstrainedAsksOncePerPickOfferingOnlyRemainingOptions() {
    server.fallback(r -> guidedChoice(o -> o.contains("e")));
    OpenAiLanguageModel model = model(TestSupport.config(server));
    List<String> options = List.of("Up", "Heat", "Alien", "Jaws", "Seven");

    int[] picks = model.chooseConstrained("Rank: ", options, 3, ", ");

    assertThat(picks).containsExactly(1, 2, 4);
    List<RecordedRequest> reqs = server.requests();
    assertThat(reqs).hasSize(3);
    assertThat(reqs.get(1).json().get("prompt").asText()).isEqualTo("Rank: Heat, ");
    assertThat(reqs.get(2).json().get("prompt").asText()).isEqualTo("Rank: Heat, Alien, ");
    assertThat(reqs.get(2).json().get("guided_choice")).hasSize(3);
    assertThat(reqs.get(0).json().get("temperature").asDouble()).isZero();
    assertThat(model.chooseConstrained("x", options, 0, ",")).isEmpty();
  }

  @Test
  void structuredOutputsProtocolAndCountAboveTheOptionsAreHonoured() {
    server.fallback(r -> guidedChoice(o -> true));
    OpenAiLanguageModel model =
        model(TestSupport.config(server).choiceProtocol(ChoiceProtocol.STRUCTURED_OUTPUTS));

    int[] picks = model.chooseConstrained("Rank: ", List.of("A", "B"), 5, "\n");

    assertThat(picks).containsExactly(0, 1);
    assertThat(server.requests().get(0).json().path("structured_outputs").get("choice")).hasSize(2);
    assertThat(server.requests().get(0).json().has("guided_choice")).isFalse();
  }

  @Test
  void chooseConstrainedRejectsAnAnswerOutsideTheOptions() {
    server.fallback(r -> text("Something else entirely"));
    OpenAiLanguageModel model = model(TestSupport.config(server));

    assertThatThrownBy(() -> model.chooseConstrained("Rank: ", List.of("A", "B"), 1, ","))
        .isInstanceOf(LlmMalformedResponseException.class)
        .hasMessageContaining("not one of the 2 allowed options");
  }

  @Test
  void probesCapabilitiesOnceAndExplainsWhatIsUnsupported() {
    server.fallback(
        r -> {
          JsonNode body = r.json();
          if (body.has("echo")) {
            return status(
                400, "{\"error\":{\"message\":\"Unrecognized request argument supplied: echo\"}}");
          }
          return guidedChoice(o -> false);
        });
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .continuationScoring(CapabilitySetting.PROBE)
                .constrainedChoice(CapabilitySetting.PROBE));

    assertThat(model.capabilities()).containsExactly(Capability.CONSTRAINED_CHOICE);
    int afterProbe = server.requestCount();
    assertThat(afterProbe).isEqualTo(2);
    assertThat(model.capabilities()).containsExactly(Capability.CONSTRAINED_CHOICE);
    assertThat(server.requestCount()).as("probes are cached").isEqualTo(afterProbe);

    assertThatThrownBy(() -> model.scoreContinuations("Prompt", List.of(" a")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("fake at " + server.baseUrl())
        .hasMessageContaining("continuation scoring")
        .hasMessageContaining("HTTP 400");
    assertThat(server.requestCount()).isEqualTo(afterProbe);
    assertThat(model.chooseConstrained("Rank: ", List.of("A", "B"), 1, ",")).containsExactly(0);
  }

  @Test
  void aServerIgnoringGuidedChoiceIsDetectedAndDisabledNeedsNoRequest() {
    server.fallback(r -> text("free text"));
    OpenAiLanguageModel probing =
        model(TestSupport.config(server).constrainedChoice(CapabilitySetting.PROBE));
    assertThatThrownBy(() -> probing.chooseConstrained("Rank: ", List.of("A", "B"), 1, ","))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("constrained choice (guided_choice)")
        .hasMessageContaining("not one of the 2 allowed options");

    int before = server.requestCount();
    OpenAiLanguageModel disabled =
        model(TestSupport.config(server).continuationScoring(CapabilitySetting.DISABLED));
    assertThatThrownBy(() -> disabled.scoreContinuations("Prompt", List.of(" a")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("PALR_OPENAI_SCORING=disabled");
    assertThat(disabled.capabilities()).doesNotContain(Capability.CONTINUATION_SCORING);
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void probingSwitchesToStructuredOutputsWhenGuidedChoiceIsIgnored() {
    server.fallback(
        r ->
            r.json().has("structured_outputs")
                ? text(r.json().get("structured_outputs").get("choice").get(0).asText())
                : text("free text, guided_choice was ignored"));
    OpenAiLanguageModel model =
        model(TestSupport.config(server).constrainedChoice(CapabilitySetting.PROBE));

    assertThat(model.capabilities()).contains(Capability.CONSTRAINED_CHOICE);
    assertThat(model.choiceProtocol()).isEqualTo(ChoiceProtocol.STRUCTURED_OUTPUTS);
    int probes = server.requestCount();
    assertThat(probes).isEqualTo(2);
    assertThat(model.chooseConstrained("Rank: ", List.of("A", "B"), 2, ", ")).containsExactly(0, 1);
    assertThat(server.requests().subList(probes, server.requestCount()))
        .allSatisfy(r -> assertThat(r.json().has("guided_choice")).isFalse());
  }

  @Test
  void aTransientProbeFailureIsNotCached() {
    server.enqueue(status(503, "{}"), status(503, "{}"), status(503, "{}"));
    server.fallback(r -> echoLogprobs());
    OpenAiLanguageModel model =
        model(TestSupport.config(server).continuationScoring(CapabilitySetting.PROBE));

    assertThat(model.capabilities()).doesNotContain(Capability.CONTINUATION_SCORING);
    assertThat(model.capabilities()).contains(Capability.CONTINUATION_SCORING);
    assertThat(model.scoreContinuations("A B", List.of(" C"))).hasSize(1);
  }

  @Test
  void describesItselfWithoutSecrets() {
    OpenAiLanguageModel model = model(TestSupport.config(server).contextLength(2048));
    assertThat(model.name()).isEqualTo("openai:llama-test");
    assertThat(model.contextLength()).isEqualTo(2048);
    assertThat(model.countTokens("12345678")).isEqualTo(2);
    assertThat(model.toString()).doesNotContain(TestSupport.SECRET).contains("fake at");
    assertThat(model.config().toString())
        .doesNotContain(TestSupport.SECRET)
        .contains("apiKey=<redacted>");
    model.close();
    model.close();
    assertThatThrownBy(() -> model.generate(List.of("x"), GenerationOptions.greedy(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
