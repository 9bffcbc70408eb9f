package io.palr.openai;

import static io.palr.openai.FakeOpenAiServer.drop;
import static io.palr.openai.FakeOpenAiServer.garbage;
import static io.palr.openai.FakeOpenAiServer.slow;
import static io.palr.openai.FakeOpenAiServer.stallMidBody;
import static io.palr.openai.FakeOpenAiServer.status;
import static io.palr.openai.FakeOpenAiServer.stream;
import static io.palr.openai.FakeOpenAiServer.text;
import static io.palr.openai.FakeOpenAiServer.truncated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.palr.api.llm.GenerationOptions;
import io.palr.openai.error.FailureKind;
import io.palr.openai.error.LlmBackendException;
import io.palr.openai.error.LlmCircuitOpenException;
import io.palr.openai.error.LlmConnectionException;
import io.palr.openai.error.LlmHttpStatusException;
import io.palr.openai.error.LlmMalformedResponseException;
import io.palr.openai.error.LlmTimeoutException;
import io.palr.openai.metrics.CountingMetricsListener;
import io.palr.openai.metrics.MetricsSnapshot;
import io.palr.openai.resilience.CircuitBreakerConfig;
import io.palr.openai.resilience.CircuitState;
import io.palr.openai.resilience.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: which failures are retried, how long it waits, when the breaker opens, what is
 * logged.
 */
@Tag("slow")
class ResilienceTest {

  private static final List<String> PROMPT = List.of("Recommend:");
  private static final GenerationOptions GREEDY = GenerationOptions.greedy(8);

  /**
   * Upper-bound slack for timing assertions: the build machine is shared and often heavily loaded.
   */
  private static final long SLACK_MS = 1500;

  private FakeOpenAiServer server;
  private final CountingMetricsListener metrics = new CountingMetricsListener();
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
    OpenAiLanguageModel m = OpenAiLanguageModel.create(builder.metricsListener(metrics).build());
    models.add(m);
    return m;
  }

  private OpenAiLanguageModel model() {
    return model(TestSupport.config(server));
  }

  @Test
  void serverErrorsAreRetriedUntilSuccess() {
    server.enqueue(status(500, "{\"error\":\"boom\"}"), status(503, "{}"), text("ok"));

    assertThat(model().generate(PROMPT, GREEDY)).containsExactly("ok");

    assertThat(server.requestCount()).isEqualTo(3);
    MetricsSnapshot m = metrics.snapshot();
    assertThat(m.attempts()).isEqualTo(3);
    assertThat(m.retries()).isEqualTo(2);
    assertThat(m.successes()).isEqualTo(1);
    assertThat(m.totalFailures()).isZero();
  }

  @Test
  void persistentServerErrorsFailAfterMaxAttempts() {
    server.fallback(r -> status(502, "{\"error\":\"upstream down\"}"));

    LlmHttpStatusException e =
        (LlmHttpStatusException) catchThrowable(() -> model().generate(PROMPT, GREEDY));

    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.bodyExcerpt()).contains("upstream down");
    assertThat(e).hasMessageContaining("HTTP 502").hasMessageContaining("after 3 attempts");
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(metrics.snapshot().failures(FailureKind.HTTP_STATUS)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 422})
  void clientErrorsAreNeverRetried(int status) {
    server.fallback(r -> status(status, "{\"error\":{\"message\":\"no\"}}"));

    assertThatThrownBy(() -> model().generate(PROMPT, GREEDY))
        .isInstanceOfSatisfying(
            LlmHttpStatusException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              assertThat(e.kind()).isEqualTo(FailureKind.HTTP_STATUS);
              assertThat(e.attempts()).isEqualTo(1);
            });
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(metrics.snapshot().retries()).isZero();
  }

  @Test
  void retryAfterIsHonoured() {
    server.enqueue(status(429, "{\"error\":\"slow down\"}", "Retry-After: 1"), text("ok"));

    assertThat(model().generate(PROMPT, GREEDY)).containsExactly("ok");

    List<FakeOpenAiServer.RecordedRequest> reqs = server.requests();
    assertThat(reqs).hasSize(2);
    long gapMs = (reqs.get(1).arrivedNanos() - reqs.get(0).arrivedNanos()) / 1_000_000;
    assertThat(gapMs).as("waited at least Retry-After").isBetween(990L, 1000L + SLACK_MS);
  }

  @Test
  void retryAfterMsAndRateLimitKindAndTooLongRetryAfterFailsFast() {
    server.enqueue(status(429, "{}", "retry-after-ms: 150"), text("ok"));
    OpenAiLanguageModel model = model();
    assertThat(model.generate(PROMPT, GREEDY)).containsExactly("ok");
    List<FakeOpenAiServer.RecordedRequest> reqs = server.requests();
    assertThat((reqs.get(1).arrivedNanos() - reqs.get(0).arrivedNanos()) / 1_000_000)
        .isGreaterThanOrEqualTo(145L);

    server.enqueue(status(429, "{}", "Retry-After: 120"));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
        .isInstanceOfSatisfying(
            LlmHttpStatusException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
            });
    assertThat((System.nanoTime() - t0) / 1_000_000).as("did not wait 120 s").isLessThan(SLACK_MS);
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void backoffIsExponentialWithBoundedJitter() {
    server.enqueue(status(503, "{}"), status(503, "{}"), status(503, "{}"), text("ok"));
    RetryPolicy policy =
        new RetryPolicy(
            4,
            Duration.ofMillis(100),
            2.0,
            Duration.ofSeconds(1),
            0.5,
            Duration.ofSeconds(5),
            false);

    assertThat(model(TestSupport.config(server).retryPolicy(policy)).generate(PROMPT, GREEDY))
        .containsExactly("ok");

    List<FakeOpenAiServer.RecordedRequest> reqs = server.requests();
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}};
    for (int i = 0; i < 3; i++) {
      long gap = (reqs.get(i + 1).arrivedNanos() - reqs.get(i).arrivedNanos()) / 1_000_000;
      assertThat(gap)
          .as("gap before retry " + (i + 1))
          .isBetween(bounds[i][0], bounds[i][1] + SLACK_MS);
    }
  }

  @Test
  void aSlowServerTimesOutWithinBoundsAndTimeoutsAreNotRetriedByDefault() {
    server.fallback(r -> slow(Duration.ofSeconds(5), text("too late")));
    OpenAiLanguageModel model =
        model(TestSupport.config(server).requestTimeout(Duration.ofMillis(300)));

    long t0 = System.nanoTime();
    Throwable e = catchThrowable(() -> model.generate(PROMPT, GREEDY));
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(e).isInstanceOf(LlmTimeoutException.class).hasMessageContaining("300 ms");
    assertThat(ms).isBetween(290L, 300L + SLACK_MS);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void timeoutsAreRetriedWhenConfigured() {
    server.enqueue(slow(Duration.ofSeconds(5), text("too late")), text("ok"));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .requestTimeout(Duration.ofMillis(300))
                .retryPolicy(TestSupport.fastRetries(2).withRetryOnTimeout(true)));

    assertThat(model.generate(PROMPT, GREEDY)).containsExactly("ok");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void aBodyThatStallsAfterTheHeadersStillTimesOut() {
    server.fallback(r -> stallMidBody(Duration.ofSeconds(5)));
    OpenAiLanguageModel model =
        model(TestSupport.config(server).requestTimeout(Duration.ofMillis(400)));

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
        .isInstanceOf(LlmTimeoutException.class);
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(390L, 400L + SLACK_MS);
  }

  @Test
  void garbageJsonIsATypedErrorAndNotRetried() {
    server.fallback(r -> garbage());

    assertThatThrownBy(() -> model().generate(PROMPT, GREEDY))
        .isInstanceOfSatisfying(
            LlmMalformedResponseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
              assertThat(e.bodyExcerpt()).contains("<html>");
            })
        .hasMessageContaining("not valid JSON");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void wellFormedJsonWithoutChoicesNamesTheField() {
    server.fallback(r -> status(200, "{\"id\":\"x\",\"choices\":[]}"));
    assertThatThrownBy(() -> model().generate(PROMPT, GREEDY))
        .isInstanceOf(LlmMalformedResponseException.class)
        .hasMessageContaining("'choices' is empty");
    server.fallback(r -> status(200, "{\"choices\":[{\"text\":42}]}"));
    assertThatThrownBy(() -> model().generate(PROMPT, GREEDY))
        .isInstanceOf(LlmMalformedResponseException.class)
        .hasMessageContaining("choices[0].text is not a string");
  }

  @Test
  void truncatedBodiesAndDroppedConnectionsAreRetried() {
    server.enqueue(truncated(), drop(), text("ok"));

    assertThat(model().generate(PROMPT, GREEDY)).containsExactly("ok");
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(metrics.snapshot().retries()).isEqualTo(2);
  }

  @Test
  void persistentlyDroppedConnectionsFailAsConnectionErrors() {
    server.fallback(r -> drop());

    assertThatThrownBy(() -> model().generate(PROMPT, GREEDY))
        .isInstanceOfSatisfying(
            LlmConnectionException.class, e -> assertThat(e.attempts()).isEqualTo(3));
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    OpenAiLanguageModel model =
        model(TestSupport.config(server).baseUrl("http://127.0.0.1:" + closedPort));

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
        .isInstanceOfSatisfying(
            LlmConnectionException.class, e -> assertThat(e.attempts()).isEqualTo(3));
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000L + SLACK_MS);
    assertThat(metrics.snapshot().retries()).isEqualTo(2);
  }

  @Test
  void theBreakerOpensFailsFastHalfOpensAndCloses() throws Exception {
    server.fallback(r -> status(500, "{}"));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .retryPolicy(RetryPolicy.none())
                .circuitBreaker(new CircuitBreakerConfig(3, Duration.ofMillis(400), 1)));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
          .isInstanceOf(LlmHttpStatusException.class);
    }
    assertThat(model.circuitState()).isEqualTo(CircuitState.OPEN);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
        .isInstanceOfSatisfying(
            LlmCircuitOpenException.class, e -> assertThat(e.retryIn()).isPositive());
    assertThat((System.nanoTime() - t0) / 1_000_000).as("fails fast").isLessThan(SLACK_MS / 3);
    assertThat(server.requestCount()).as("nothing sent while open").isEqualTo(3);

    Thread.sleep(450);
    assertThat(model.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
    assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
        .isInstanceOf(LlmHttpStatusException.class);
    assertThat(server.requestCount()).as("one trial while half-open").isEqualTo(4);
    assertThat(model.circuitState()).isEqualTo(CircuitState.OPEN);

    server.fallback(r -> text("healthy again"));
    Thread.sleep(450);
    assertThat(model.generate(PROMPT, GREEDY)).containsExactly("healthy again");
    assertThat(model.circuitState()).isEqualTo(CircuitState.CLOSED);

    MetricsSnapshot m = metrics.snapshot();
    assertThat(m.breakerOpenings()).isEqualTo(2);
    assertThat(m.breakerState()).isEqualTo(CircuitState.CLOSED);
    assertThat(m.failures(FailureKind.CIRCUIT_OPEN)).isEqualTo(1);
  }

  @Test
  void anOpeningBreakerStopsTheRetriesOfTheCallThatOpenedIt() {
    server.fallback(r -> status(503, "{}"));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .retryPolicy(TestSupport.fastRetries(5))
                .circuitBreaker(new CircuitBreakerConfig(2, Duration.ofSeconds(30), 1)));

    assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
        .isInstanceOf(LlmCircuitOpenException.class)
        .hasCauseInstanceOf(LlmHttpStatusException.class);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void clientErrorsDoNotOpenTheBreaker() {
    server.fallback(r -> status(400, "{\"error\":\"bad prompt\"}"));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .circuitBreaker(new CircuitBreakerConfig(2, Duration.ofSeconds(30), 1)));

    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(() -> model.generate(PROMPT, GREEDY))
          .isInstanceOf(LlmHttpStatusException.class);
    }
    assertThat(model.circuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(server.requestCount()).isEqualTo(6);
  }

  @Test
  void aStreamCutAfterDeliveringTextIsNotRetried() {
    server.fallback(r -> stream(List.of("The ", "Mat"), false, Duration.ZERO));
    List<String> received = new ArrayList<>();

    assertThatThrownBy(() -> model().generateStreaming("M:", GREEDY, received::add))
        .isInstanceOf(LlmConnectionException.class)
        .hasMessageContaining("[DONE]");
    assertThat(server.requestCount())
        .as("text was delivered, a retry would repeat it")
        .isEqualTo(1);
    assertThat(String.join("", received)).isEqualTo("The Mat");
  }

  @Test
  void aStreamFailingBeforeAnyTextIsRetried() {
    server.enqueue(drop(), status(503, "{}"), stream(List.of("ok"), true, Duration.ZERO));
    List<String> received = new ArrayList<>();

    assertThat(model().generateStreaming("M:", GREEDY, received::add)).isEqualTo("ok");
    assertThat(received).containsExactly("ok");
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aStreamWithAGarbageChunkFailsTyped() {
    server.fallback(
        r ->
            FakeOpenAiServer.rawStream(
                "data: {\"choices\":[{\"text\":\"a\"}]}\n\ndata: {not json\n\ndata: [DONE]\n\n"));

    assertThatThrownBy(() -> model().generateStreaming("M:", GREEDY, s -> {}))
        .isInstanceOf(LlmMalformedResponseException.class)
        .hasMessageContaining("stream chunk is not valid JSON");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aStreamThatGoesQuietTimesOut() {
    server.fallback(r -> stream(List.of("a", "b"), true, Duration.ofSeconds(3)));
    OpenAiLanguageModel model =
        model(TestSupport.config(server).requestTimeout(Duration.ofMillis(300)));
    List<String> received = new ArrayList<>();

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> model.generateStreaming("M:", GREEDY, received::add))
        .isInstanceOf(LlmTimeoutException.class)
        .hasMessageContaining("no stream data");
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(290L, 300L + SLACK_MS);
    assertThat(received).containsExactly("a");
  }

  @Test
  void aStreamLongerThanTheRequestTimeoutIsFineWhileDataKeepsComing() {
    server.fallback(
        r -> stream(List.of("a", "b", "c", "d", "e", "f", "g", "h"), true, Duration.ofMillis(100)));
    OpenAiLanguageModel model =
        model(TestSupport.config(server).requestTimeout(Duration.ofMillis(500)));

    long t0 = System.nanoTime();
    assertThat(model.generateStreaming("M:", GREEDY, s -> {})).isEqualTo("abcdefgh");
    assertThat((System.nanoTime() - t0) / 1_000_000)
        .as("the stream outlived the request timeout")
        .isGreaterThan(700L);
  }

  @Test
  void theWholeStreamIsBoundedByTheStreamTimeout() {
    server.fallback(
        r -> stream(List.of("a", "b", "c", "d", "e", "f", "g", "h"), true, Duration.ofMillis(100)));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .requestTimeout(Duration.ofMillis(500))
                .streamTimeout(Duration.ofMillis(350)));

    assertThatThrownBy(() -> model.generateStreaming("M:", GREEDY, s -> {}))
        .isInstanceOf(LlmTimeoutException.class)
        .hasMessageContaining("stream not finished within 350 ms");
  }

  @Test
  void aThrowingCallbackCancelsTheStream() {
    server.fallback(r -> stream(List.of("a", "b", "c"), true, Duration.ofMillis(20)));
    IllegalStateException boom = new IllegalStateException("consumer broke");

    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .circuitBreaker(new CircuitBreakerConfig(1, Duration.ofSeconds(30), 1)));

    assertThatThrownBy(
            () ->
                model.generateStreaming(
                    "M:",
                    GREEDY,
                    s -> {
                      throw boom;
                    }))
        .isInstanceOfSatisfying(
            LlmBackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CALLBACK))
        .hasCause(boom);
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(model.circuitState())
        .as("a caller bug says nothing about the server")
        .isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theApiKeyNeverAppearsInLogsOrExceptions() {
    String echoedKeyBody =
        "{\"error\":{\"message\":\"Incorrect API key provided: "
            + TestSupport.SECRET
            + ". Header was Bearer "
            + TestSupport.SECRET
            + "\"}}";
    server.enqueue(
        status(401, echoedKeyBody),
        status(500, echoedKeyBody),
        status(200, "garbage " + TestSupport.SECRET));
    server.enqueue(stream(List.of(TestSupport.SECRET), false, Duration.ZERO));
    OpenAiLanguageModel model = model(TestSupport.config(server).retryPolicy(RetryPolicy.none()));

    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<Throwable> errors = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      errors.add(catchThrowable(() -> model.generate(PROMPT, GREEDY)));
      errors.add(catchThrowable(() -> model.generate(PROMPT, GREEDY)));
      errors.add(catchThrowable(() -> model.generate(PROMPT, GREEDY)));
      errors.add(catchThrowable(() -> model.generateStreaming("p", GREEDY, s -> {})));
    } finally {
      System.setErr(originalErr);
    }

    assertThat(server.requests())
        .allSatisfy(
            r ->
                assertThat(r.headers())
                    .containsEntry("authorization", "Bearer " + TestSupport.SECRET));
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .as("debug logging was active")
        .contains("DEBUG")
        .contains("-> generate attempt 1");
    assertThat(log)
        .doesNotContain(TestSupport.SECRET)
        .doesNotContain("0123456789abcdef")
        .contains("[REDACTED]");
    assertThat(errors).hasSize(4).doesNotContainNull();
    for (Throwable t = errors.get(0); t != null; t = t.getCause()) {
      assertThat(t.getMessage()).contains("[REDACTED]");
    }
    for (Throwable e : errors) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(TestSupport.SECRET);
        assertThat(t.toString()).doesNotContain(TestSupport.SECRET);
      }
    }
    assertThat(((LlmHttpStatusException) errors.get(0)).bodyExcerpt())
        .doesNotContain(TestSupport.SECRET);
  }

  @Test
  void anInterruptedCallerGetsATypedErrorPromptlyAndTheBreakerIsUntouched() throws Exception {
    server.fallback(r -> slow(Duration.ofSeconds(5), text("too late")));
    OpenAiLanguageModel model =
        model(
            TestSupport.config(server)
                .circuitBreaker(new CircuitBreakerConfig(1, Duration.ofSeconds(30), 1)));
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flagKept =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                model.generate(PROMPT, GREEDY);
              } catch (Throwable e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
              }
            });
    caller.start();
    Thread.sleep(300);
    long t0 = System.nanoTime();
    caller.interrupt();
    caller.join(5000);

    assertThat(caller.isAlive()).isFalse();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(SLACK_MS);
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            LlmBackendException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.INTERRUPTED));
    assertThat(flagKept).as("the interrupt flag is restored").isTrue();
    assertThat(model.circuitState()).isEqualTo(CircuitState.CLOSED);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void aThrowingMetricsListenerNeverFailsARequest() {
    server.fallback(r -> text("ok"));
    OpenAiLanguageModel model =
        OpenAiLanguageModel.create(
            TestSupport.config(server)
                .metricsListener(
                    new io.palr.openai.metrics.BackendMetricsListener() {
                      @Override
                      public void onAttempt(String operation) {
                        throw new IllegalStateException("metrics down");
                      }
                    })
                .build());
    models.add(model);
    assertThat(model.generate(PROMPT, GREEDY)).containsExactly("ok");
  }
}
