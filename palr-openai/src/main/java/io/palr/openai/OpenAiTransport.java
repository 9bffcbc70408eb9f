package io.palr.openai;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.palr.openai.error.FailureKind;
import io.palr.openai.error.LlmBackendException;
import io.palr.openai.error.LlmCircuitOpenException;
import io.palr.openai.error.LlmConnectionException;
import io.palr.openai.error.LlmHttpStatusException;
import io.palr.openai.error.LlmMalformedResponseException;
import io.palr.openai.error.LlmTimeoutException;
import io.palr.openai.metrics.BackendMetricsListener;
import io.palr.openai.resilience.CircuitBreaker;
import io.palr.openai.resilience.CircuitState;
import io.palr.openai.stream.ServerSentEvent;
import io.palr.openai.stream.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link OpenAiLanguageModel}: one pooled {@link HttpClient}, a concurrency
 * semaphore, per-request deadlines, retries with jittered exponential backoff on 429/5xx/connection
 * errors only (Retry-After honoured), a circuit breaker, redacted debug logging and metrics events.
 * Thread-safe.
 *
 * <p>Breaker accounting: 5xx, 429, timeouts, connection failures and malformed 2xx bodies count as
 * failures; other 4xx answers prove the server is up and count as successes; interruptions and
 * callback errors count as neither.
 */
final class OpenAiTransport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenAiTransport.class);
  private static final int EXCERPT_CHARS = 300;

  private final OpenAiConfig config;
  private final ObjectMapper mapper;
  private final Redactor redactor;
  private final Semaphore permits;
  private final CircuitBreaker breaker;
  private final BackendMetricsListener listener;
  private final ExecutorService httpExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile HttpClient client;

  OpenAiTransport(OpenAiConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.redactor = new Redactor(config.apiKey(), EXCERPT_CHARS);
    this.permits = new Semaphore(config.maxConcurrency(), true);
    this.listener = new SafeListener(config.metricsListener());
    this.breaker =
        new CircuitBreaker(config.circuitBreaker(), System::nanoTime, this::onTransition);
    this.httpExecutor =
        Executors.newCachedThreadPool(
            new ThreadFactoryBuilder()
                .setNameFormat("palr-openai-http-%d")
                .setDaemon(true)
                .build());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(httpExecutor)
            .build();
  }

  /** The breaker's current state. */
  CircuitState circuitState() {
    return breaker.state();
  }

  /** The redactor for this configuration's secrets. */
  Redactor redactor() {
    return redactor;
  }

  /** The endpoint label used in messages for an API path. */
  String endpointLabel(String path) {
    return config.serverLabel() + " POST " + config.endpoint(path).getPath();
  }

  /**
   * POSTs a JSON body and reads the JSON object of a 2xx answer with {@code reader}, inside the
   * attempt: a reader throwing {@link WireFormatException} makes the attempt fail as a malformed
   * response (not retried).
   *
   * @throws LlmBackendException on any failure, after the retries the policy allows
   */
  <T> T postJson(String operation, String path, ObjectNode body, Function<JsonNode, T> reader) {
    return execute(
        operation,
        path,
        body,
        false,
        (request, endpoint, attempt) -> sendBlocking(request, endpoint, attempt, reader));
  }

  /**
   * POSTs a JSON body with {@code stream: true} and feeds each JSON chunk of the event stream to
   * {@code onChunk} until {@code data: [DONE]}, the end of the stream, or {@code onChunk} returning
   * false. An attempt is retried only if it failed before any chunk was delivered.
   */
  void postStream(String operation, String path, ObjectNode body, Predicate<JsonNode> onChunk) {
    execute(
        operation,
        path,
        body,
        true,
        (request, endpoint, attempt) -> {
          sendStreaming(request, endpoint, attempt, onChunk);
          return null;
        });
  }

  @FunctionalInterface
  private interface AttemptRunner<T> {
    T run(HttpRequest request, String endpoint, int attempt) throws AttemptFailure;
  }

  private <T> T execute(
      String operation, String path, ObjectNode body, boolean stream, AttemptRunner<T> runner) {
    URI uri = config.endpoint(path);
    String endpoint = endpointLabel(path);
    byte[] payload;
    try {
      payload = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body cannot be serialised: " + e.getMessage(), e);
    }
    HttpRequest request = newRequest(uri, payload, stream);
    long callStart = System.nanoTime();
    LlmBackendException last = null;
    for (int attempt = 1; ; attempt++) {
      HttpClient current = client;
      if (current == null || closed.get()) {
        throw new IllegalStateException(config.serverLabel() + ": model is closed");
      }
      acquirePermit(operation, endpoint, attempt);
      Duration delay;
      try {
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
          throw fail(
              operation,
              new LlmCircuitOpenException(endpoint, attempt - 1, breaker.remainingOpen(), last));
        }
        listener.onAttempt(operation);
        if (log.isDebugEnabled()) {
          log.debug(
              "-> {} attempt {} {} body={}",
              operation,
              attempt,
              endpoint,
              redactor.excerpt(new String(payload, StandardCharsets.UTF_8)));
        }
        long t0 = System.nanoTime();
        try {
          T result = runner.run(request, endpoint, attempt);
          permit.success();
          Duration latency = Duration.ofNanos(System.nanoTime() - t0);
          listener.onAttemptCompleted(operation, 200, latency);
          listener.onSuccess(operation, Duration.ofNanos(System.nanoTime() - callStart));
          return result;
        } catch (AttemptFailure f) {
          switch (f.health) {
            case UNHEALTHY -> permit.failure();
            case HEALTHY -> permit.success();
            case NEUTRAL -> permit.release();
          }
          listener.onAttemptCompleted(
              operation, f.exception.statusCode(), Duration.ofNanos(System.nanoTime() - t0));
          last = f.exception;
          log.debug("<- {} attempt {} failed: {}", operation, attempt, f.exception.getMessage());
          if (!f.retryable || attempt >= config.retryPolicy().maxAttempts()) {
            throw fail(operation, f.exception);
          }
          Optional<Duration> wait =
              config
                  .retryPolicy()
                  .delayBefore(attempt, f.retryAfter, ThreadLocalRandom.current()::nextDouble);
          if (wait.isEmpty()) {
            log.debug("{}: Retry-After {} exceeds the limit; not retrying", endpoint, f.retryAfter);
            throw fail(operation, f.exception);
          }
          delay = wait.get();
          listener.onRetry(operation, attempt, f.exception.kind(), delay);
        }
      } finally {
        permits.release();
      }
      sleep(operation, endpoint, attempt, delay, last);
    }
  }

  private void acquirePermit(String operation, String endpoint, int attempt) {
    try {
      if (!permits.tryAcquire(config.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw fail(
            operation,
            new LlmBackendException(
                FailureKind.CONCURRENCY_LIMIT,
                endpoint,
                attempt - 1,
                "no concurrency permit free within "
                    + config.acquireTimeout().toMillis()
                    + " ms (maxConcurrency="
                    + config.maxConcurrency()
                    + ")",
                null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(operation, interrupted(endpoint, attempt - 1, e));
    }
  }

  private void sleep(
      String operation, String endpoint, int attempt, Duration delay, LlmBackendException last) {
    log.debug("{}: retry {} in {} ms after {}", endpoint, attempt, delay.toMillis(), last.kind());
    try {
      TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LlmBackendException ex = interrupted(endpoint, attempt, e);
      ex.addSuppressed(last);
      throw fail(operation, ex);
    }
  }

  private LlmBackendException fail(String operation, LlmBackendException e) {
    listener.onFailure(operation, e.kind());
    return e;
  }

  private static LlmBackendException interrupted(String endpoint, int attempts, Throwable cause) {
    return new LlmBackendException(
        FailureKind.INTERRUPTED, endpoint, attempts, "interrupted", cause);
  }

  private HttpRequest newRequest(URI uri, byte[] payload, boolean stream) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    if (config.hasApiKey()) {
      b.header("Authorization", "Bearer " + config.apiKey());
    }
    return b.build();
  }

  // ---- one blocking attempt
  // -------------------------------------------------------------------------------------

  private <T> T sendBlocking(
      HttpRequest request, String endpoint, int attempt, Function<JsonNode, T> reader)
      throws AttemptFailure {
    CompletableFuture<HttpResponse<String>> future =
        client().sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> response;
    long t0 = System.nanoTime();
    try {
      response = future.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(
          endpoint,
          attempt,
          "no complete response within " + config.requestTimeout().toMillis() + " ms",
          e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new AttemptFailure(interrupted(endpoint, attempt, e), Health.NEUTRAL, false, null);
    } catch (ExecutionException | CancellationException e) {
      throw transportFailure(
          endpoint, attempt, e instanceof ExecutionException ? e.getCause() : e, true);
    }
    String body = response.body() == null ? "" : response.body();
    log.debug(
        "<- {} HTTP {} in {} ms body={}",
        endpoint,
        response.statusCode(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        log.isDebugEnabled() ? redactor.excerpt(body) : "");
    if (response.statusCode() / 100 != 2) {
      throw statusFailure(endpoint, attempt, response.statusCode(), body, response.headers());
    }
    JsonNode node = parseObject(endpoint, attempt, body);
    try {
      return reader.apply(node);
    } catch (WireFormatException e) {
      throw malformed(endpoint, attempt, e.getMessage(), body, null);
    }
  }

  private JsonNode parseObject(String endpoint, int attempt, String body) throws AttemptFailure {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      throw malformed(
          endpoint,
          attempt,
          "response is not valid JSON (" + firstLine(e.getMessage()) + ")",
          body,
          e);
    }
    if (node == null || !node.isObject()) {
      throw malformed(endpoint, attempt, "response is not a JSON object", body, null);
    }
    if (node.hasNonNull("error")) {
      throw malformed(endpoint, attempt, "2xx response carries an 'error' object", body, null);
    }
    return node;
  }

  // ---- one streaming attempt
  // ------------------------------------------------------------------------------------

  private void sendStreaming(
      HttpRequest request, String endpoint, int attempt, Predicate<JsonNode> onChunk)
      throws AttemptFailure {
    EventStreamSubscriber sub = new EventStreamSubscriber(endpoint, attempt, onChunk);
    HttpResponse.BodyHandler<String> handler =
        info ->
            info.statusCode() / 100 == 2 && !isJson(info.headers())
                ? HttpResponse.BodySubscribers.fromLineSubscriber(
                    sub, s -> "", StandardCharsets.UTF_8, null)
                : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    CompletableFuture<HttpResponse<String>> future = client().sendAsync(request, handler);
    CompletableFuture<Object> either = CompletableFuture.anyOf(future, sub.aborted);
    long deadline = System.nanoTime() + config.streamTimeout().toNanos();
    long idleNanos = config.requestTimeout().toNanos();
    HttpResponse<String> response = null;
    try {
      while (true) {
        long now = System.nanoTime();
        long idleLeft = sub.lastActivity + idleNanos - now;
        long totalLeft = deadline - now;
        if (idleLeft <= 0 || totalLeft <= 0) {
          sub.cancel();
          future.cancel(true);
          String what =
              totalLeft <= 0
                  ? "stream not finished within " + config.streamTimeout().toMillis() + " ms"
                  : "no stream data for " + config.requestTimeout().toMillis() + " ms";
          throw timeout(endpoint, attempt, what, null).retryableIf(sub.delivered.get() == 0);
        }
        try {
          either.get(Math.min(idleLeft, totalLeft), TimeUnit.NANOSECONDS);
          break;
        } catch (TimeoutException e) {
          // loop: re-check idle time, data may have arrived meanwhile
        }
      }
      if (sub.aborted.isDone()) {
        sub.cancel();
        future.cancel(true);
      } else {
        response = future.get();
      }
    } catch (InterruptedException e) {
      sub.cancel();
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new AttemptFailure(interrupted(endpoint, attempt, e), Health.NEUTRAL, false, null);
    } catch (ExecutionException | CancellationException e) {
      if (sub.failure == null) {
        throw transportFailure(
            endpoint,
            attempt,
            e instanceof ExecutionException ? e.getCause() : e,
            sub.delivered.get() == 0);
      }
    }
    if (sub.failure != null) {
      throw sub.failure;
    }
    if (response != null && response.statusCode() / 100 != 2) {
      String body = response.body() == null ? "" : response.body();
      throw statusFailure(endpoint, attempt, response.statusCode(), body, response.headers());
    }
    if (response != null && isJson(response.headers())) {
      // the server ignored stream=true and answered with one complete JSON object: deliver it as a
      // single chunk
      String body = response.body() == null ? "" : response.body();
      sub.deliver(parseObject(endpoint, attempt, body), body);
      if (sub.failure != null) {
        throw sub.failure;
      }
      return;
    }
    if (!sub.done && !sub.stoppedByConsumer) {
      throw new AttemptFailure(
          new LlmConnectionException(
              endpoint, attempt, "event stream ended before 'data: [DONE]' (truncated)", null),
          Health.UNHEALTHY,
          sub.delivered.get() == 0,
          null);
    }
  }

  /** Feeds body lines to the SSE parser on the HTTP client's threads, one line at a time. */
  private final class EventStreamSubscriber implements Flow.Subscriber<String> {
    private final String endpoint;
    private final int attempt;
    private final Predicate<JsonNode> onChunk;
    private final ServerSentEventParser parser = new ServerSentEventParser(this::onEvent);
    final CompletableFuture<Void> aborted = new CompletableFuture<>();
    volatile long lastActivity = System.nanoTime();
    final AtomicInteger delivered = new AtomicInteger();
    volatile boolean done;
    volatile boolean stoppedByConsumer;
    volatile AttemptFailure failure;
    private volatile Flow.Subscription subscription;

    EventStreamSubscriber(String endpoint, int attempt, Predicate<JsonNode> onChunk) {
      this.endpoint = endpoint;
      this.attempt = attempt;
      this.onChunk = onChunk;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      lastActivity = System.nanoTime();
      s.request(1);
    }

    @Override
    public void onNext(String line) {
      lastActivity = System.nanoTime();
      if (aborted.isDone()) {
        return;
      }
      parser.feedLine(line);
      if (aborted.isDone()) {
        subscription.cancel();
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      lastActivity = System.nanoTime();
    }

    @Override
    public void onComplete() {
      if (!aborted.isDone()) {
        parser.finish();
      }
    }

    void cancel() {
      aborted.complete(null);
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    private void onEvent(ServerSentEvent event) {
      if (done || aborted.isDone()) {
        return;
      }
      if (event.isDone()) {
        done = true;
        return;
      }
      if (log.isTraceEnabled()) {
        log.trace("<- {} chunk {}", endpoint, redactor.excerpt(event.data()));
      }
      JsonNode node;
      try {
        node = mapper.readTree(event.data());
      } catch (IOException e) {
        abort(
            malformed(
                endpoint,
                attempt,
                "stream chunk is not valid JSON (" + firstLine(e.getMessage()) + ")",
                event.data(),
                e));
        return;
      }
      if (node == null || !node.isObject()) {
        abort(
            malformed(endpoint, attempt, "stream chunk is not a JSON object", event.data(), null));
        return;
      }
      if (node.hasNonNull("error") || "error".equals(event.event())) {
        abort(
            malformed(
                endpoint, attempt, "server reported an error mid-stream", event.data(), null));
        return;
      }
      deliver(node, event.data());
    }

    /** Hands one JSON chunk to the consumer, recording a failure instead of throwing. */
    void deliver(JsonNode node, String raw) {
      boolean more;
      try {
        more = onChunk.test(node);
      } catch (WireFormatException e) {
        abort(malformed(endpoint, attempt, e.getMessage(), raw, null));
        return;
      } catch (RuntimeException e) {
        abort(
            new AttemptFailure(
                new LlmBackendException(
                    FailureKind.CALLBACK,
                    endpoint,
                    attempt,
                    "stream callback threw " + e.getClass().getName(),
                    e),
                Health.NEUTRAL,
                false,
                null));
        return;
      }
      delivered.incrementAndGet();
      if (!more) {
        stoppedByConsumer = true;
        aborted.complete(null);
      }
    }

    private void abort(AttemptFailure f) {
      failure = f;
      aborted.complete(null);
    }
  }

  // ---- classification
  // -------------------------------------------------------------------------------------------

  private AttemptFailure statusFailure(
      String endpoint, int attempt, int status, String body, HttpHeaders headers) {
    Duration retryAfter = parseRetryAfter(headers);
    boolean serverSide = status == 429 || status >= 500;
    LlmHttpStatusException e =
        new LlmHttpStatusException(endpoint, attempt, status, redactor.excerpt(body), retryAfter);
    return new AttemptFailure(
        e, serverSide ? Health.UNHEALTHY : Health.HEALTHY, serverSide, retryAfter);
  }

  private AttemptFailure transportFailure(
      String endpoint, int attempt, Throwable cause, boolean mayRetry) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new AttemptFailure(
          new LlmConnectionException(
              endpoint,
              attempt,
              "connect timed out after " + config.connectTimeout().toMillis() + " ms",
              cause),
          Health.UNHEALTHY,
          mayRetry,
          null);
    }
    if (cause instanceof HttpTimeoutException) {
      return timeout(
              endpoint,
              attempt,
              "no complete response within " + config.requestTimeout().toMillis() + " ms",
              cause)
          .retryableIf(mayRetry);
    }
    if (cause instanceof IOException || cause instanceof CancellationException) {
      String what =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      return new AttemptFailure(
          new LlmConnectionException(
              endpoint, attempt, "connection failed: " + redactor.excerpt(what), cause),
          Health.UNHEALTHY,
          mayRetry,
          null);
    }
    if (cause instanceof RuntimeException && cause.getCause() instanceof IOException io) {
      return transportFailure(endpoint, attempt, io, mayRetry);
    }
    return new AttemptFailure(
        new LlmConnectionException(
            endpoint,
            attempt,
            "request failed: "
                + cause.getClass().getName()
                + ": "
                + redactor.excerpt(String.valueOf(cause.getMessage())),
            cause),
        Health.UNHEALTHY,
        false,
        null);
  }

  private AttemptFailure timeout(String endpoint, int attempt, String what, Throwable cause) {
    return new AttemptFailure(
        new LlmTimeoutException(endpoint, attempt, what, cause),
        Health.UNHEALTHY,
        config.retryPolicy().retryOnTimeout(),
        null);
  }

  private AttemptFailure malformed(
      String endpoint, int attempt, String problem, String body, Throwable cause) {
    return new AttemptFailure(
        new LlmMalformedResponseException(
            endpoint, attempt, problem, redactor.excerpt(body), cause),
        Health.UNHEALTHY,
        false,
        null);
  }

  /**
   * Parses {@code retry-after-ms} (OpenAI), then {@code Retry-After} as seconds or an HTTP date;
   * null if absent.
   */
  static Duration parseRetryAfter(HttpHeaders headers) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        double v = Double.parseDouble(ms.get().strip());
        if (v >= 0 && Double.isFinite(v)) {
          return Duration.ofNanos((long) (v * 1e6));
        }
      } catch (NumberFormatException e) {
        // fall through to Retry-After
      }
    }
    Optional<String> ra = headers.firstValue("retry-after");
    if (ra.isEmpty()) {
      return null;
    }
    String v = ra.get().strip();
    try {
      double seconds = Double.parseDouble(v);
      return seconds >= 0 && Double.isFinite(seconds)
          ? Duration.ofNanos((long) (seconds * 1e9))
          : null;
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static boolean isJson(HttpHeaders headers) {
    return headers
        .firstValue("content-type")
        .map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("json"))
        .orElse(false);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      throw new IllegalStateException(config.serverLabel() + ": model is closed");
    }
    return c;
  }

  private void onTransition(CircuitState from, CircuitState to) {
    if (to == CircuitState.OPEN) {
      log.warn("{}: circuit breaker {} -> {}", config.serverLabel(), from, to);
    } else {
      log.info("{}: circuit breaker {} -> {}", config.serverLabel(), from, to);
    }
    listener.onCircuitStateChange(from, to);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client = null;
    httpExecutor.shutdown();
    try {
      if (!httpExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
        httpExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      httpExecutor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private enum Health {
    HEALTHY,
    UNHEALTHY,
    NEUTRAL
  }

  /** One attempt's failure with what it says about the server and whether it may be retried. */
  private static final class AttemptFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final transient LlmBackendException exception;
    final transient Health health;
    final boolean retryable;
    final transient Duration retryAfter;

    AttemptFailure(
        LlmBackendException exception, Health health, boolean retryable, Duration retryAfter) {
      super(null, null, false, false);
      this.exception = exception;
      this.health = health;
      this.retryable = retryable;
      this.retryAfter = retryAfter;
    }

    AttemptFailure retryableIf(boolean allowed) {
      return allowed || !retryable
          ? this
          : new AttemptFailure(exception, health, false, retryAfter);
    }
  }

  /** Shields requests from listener bugs. */
  private static final class SafeListener implements BackendMetricsListener {
    private final BackendMetricsListener delegate;

    SafeListener(BackendMetricsListener delegate) {
      this.delegate = delegate;
    }

    private void guard(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("metrics listener {} threw; ignored", delegate.getClass().getName(), e);
      }
    }

    @Override
    public void onAttempt(String operation) {
      guard(() -> delegate.onAttempt(operation));
    }

    @Override
    public void onAttemptCompleted(String operation, int statusCode, Duration latency) {
      guard(() -> delegate.onAttemptCompleted(operation, statusCode, latency));
    }

    @Override
    public void onRetry(String operation, int retry, FailureKind cause, Duration delay) {
      guard(() -> delegate.onRetry(operation, retry, cause, delay));
    }

    @Override
    public void onFailure(String operation, FailureKind kind) {
      guard(() -> delegate.onFailure(operation, kind));
    }

    @Override
    public void onSuccess(String operation, Duration latency) {
      guard(() -> delegate.onSuccess(operation, latency));
    }

    @Override
    public void onCircuitStateChange(CircuitState from, CircuitState to) {
      guard(() -> delegate.onCircuitStateChange(from, to));
    }
  }
}
