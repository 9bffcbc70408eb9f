package io.palr.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import io.palr.openai.error.FailureKind;
import io.palr.openai.error.LlmBackendException;
import io.palr.openai.error.LlmHttpStatusException;
import io.palr.openai.error.LlmMalformedResponseException;
import io.palr.openai.resilience.CircuitState;
import io.palr.openai.stream.StopSequenceFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LanguageModel} served by an OpenAI-compatible HTTP server (vLLM, TGI, llama.cpp server,
 * Ollama, OpenAI).
 *
 * <ul>
 *   <li>{@link #generate}: {@code /v1/completions} or {@code /v1/chat/completions} ({@link
 *       ApiMode}); a batch is sent as concurrent requests, bounded by {@link
 *       OpenAiConfig#maxConcurrency()}.
 *   <li>{@link #generateStreaming}: the same with {@code stream: true}, text delivered chunk by
 *       chunk.
 *   <li>{@link #scoreContinuations}: {@code /v1/completions} with {@code echo: true, logprobs: 1};
 *       the token log-probabilities of the continuation are summed (always the completions
 *       endpoint, whatever the API mode).
 *   <li>{@link #chooseConstrained}: guided choice ({@link ChoiceProtocol}); for {@code count > 1}
 *       one request per pick, each prompt extended by the picks so far and the separator, each
 *       offering only the options not yet chosen.
 * </ul>
 *
 * <p>Optional capabilities are configured ({@link CapabilitySetting#ENABLED}/{@code DISABLED}) or
 * probed once with a tiny request ({@code PROBE}): a 4xx answer or an answer that ignores the
 * parameter means unsupported, and the operation then throws {@link UnsupportedOperationException}
 * naming the server and the feature. A probe that fails for transient reasons (5xx, timeout, open
 * breaker) is not cached and is tried again next time.
 *
 * <p>Every remote failure surfaces as an {@link LlmBackendException} subtype after the resilience
 * layer (timeouts, bounded concurrency, retries on 429/5xx/connection errors with jittered backoff,
 * circuit breaker) has done what it may. Thread-safe; {@link #close()} releases the connection pool
 * and threads.
 */
public final class OpenAiLanguageModel implements LanguageModel {

  private static final Logger log = LoggerFactory.getLogger(OpenAiLanguageModel.class);
  private static final String PROBE_PROMPT = "The capital of France is";
  private static final List<String> PROBE_CONTINUATIONS = List.of(" Paris", " a city");
  private static final List<String> PROBE_OPTIONS = List.of("zebra-17", "quokka-42");

  private final OpenAiConfig config;
  private final OpenAiTransport transport;
  private final WireFormat wire;
  private final ExecutorService fanOut;
  private final Map<Capability, ProbeResult> probed =
      Collections.synchronizedMap(new EnumMap<>(Capability.class));
  private final Object probeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ChoiceProtocol choiceProtocol;

  private OpenAiLanguageModel(OpenAiConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.choiceProtocol = config.choiceProtocol();
    ObjectMapper mapper = new ObjectMapper();
    this.transport = new OpenAiTransport(config, mapper);
    this.wire = new WireFormat(mapper, config);
    this.fanOut =
        Executors.newFixedThreadPool(
            config.maxConcurrency(),
            new ThreadFactoryBuilder()
                .setNameFormat("palr-openai-batch-%d")
                .setDaemon(true)
                .build());
  }

  /**
   * A model talking to the server described by {@code config}. No request is sent until the first
   * call.
   */
  public static OpenAiLanguageModel create(OpenAiConfig config) {
    return new OpenAiLanguageModel(config);
  }

  /**
   * A model configured from the {@code PALR_OPENAI_*} environment variables (see {@link
   * OpenAiConfig}).
   */
  public static OpenAiLanguageModel fromEnvironment() {
    return create(OpenAiConfig.fromEnvironment().build());
  }

  /** The configuration (its {@code toString} hides the API key). */
  public OpenAiConfig config() {
    return config;
  }

  /**
   * The guided-choice parameter in use: the configured one, or the other one when probing found
   * only that one supported.
   */
  public ChoiceProtocol choiceProtocol() {
    return choiceProtocol;
  }

  /** The circuit breaker's current state, e.g. for a health endpoint. */
  public CircuitState circuitState() {
    return transport.circuitState();
  }

  @Override
  public String name() {
    return "openai:" + config.model();
  }

  /**
   * The capabilities configured as enabled or found by probing. Probes run at most once per
   * capability (a network call on first use); a capability whose probe failed transiently is left
   * out for now and probed again later.
   */
  @Override
  public Set<Capability> capabilities() {
    Set<Capability> result = EnumSet.noneOf(Capability.class);
    for (Capability capability : Capability.values()) {
      try {
        if (supported(capability).supported) {
          result.add(capability);
        }
      } catch (LlmBackendException e) {
        log.warn(
            "{}: probing {} failed, treating it as unavailable for now: {}",
            config.serverLabel(),
            capability,
            e.getMessage());
      }
    }
    return Collections.unmodifiableSet(result);
  }

  @Override
  public int contextLength() {
    return config.contextLength();
  }

  /** An estimate: characters divided by {@link OpenAiConfig#charsPerToken()}, rounded up. */
  @Override
  public int countTokens(String text) {
    return (int) Math.ceil(text.length() / config.charsPerToken());
  }

  @Override
  public List<String> generate(List<String> prompts, GenerationOptions options) {
    Objects.requireNonNull(options, "options");
    List<String> ps = List.copyOf(prompts);
    ensureOpen();
    List<Callable<String>> tasks = new ArrayList<>(ps.size());
    for (String prompt : ps) {
      tasks.add(() -> generateOne(prompt, options));
    }
    return fanOut(tasks);
  }

  private String generateOne(String prompt, GenerationOptions options) {
    ObjectNode body = wire.generationRequest(prompt, options, false);
    String text = transport.postJson("generate", wire.generationPath(), body, wire::generatedText);
    return StopSequenceFilter.truncate(text, options.stop());
  }

  /**
   * Generates one completion with {@code stream: true}, passing text to {@code onText} as it
   * arrives (already cut at the first stop string, even one split across chunks). An attempt is
   * retried only if it failed before any text was delivered, so {@code onText} never sees text
   * twice.
   *
   * @param prompt the prompt
   * @param options decoding options
   * @param onText receives text chunks in order, on an HTTP client thread; an exception it throws
   *     cancels the stream and surfaces as an {@link LlmBackendException} of kind {@link
   *     FailureKind#CALLBACK}
   * @return the whole completion, the concatenation of what {@code onText} received
   */
  public String generateStreaming(
      String prompt, GenerationOptions options, Consumer<String> onText) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(onText, "onText");
    ensureOpen();
    StopSequenceFilter filter = new StopSequenceFilter(options.stop(), onText);
    ObjectNode body = wire.generationRequest(prompt, options, true);
    transport.postStream(
        "stream", wire.generationPath(), body, chunk -> filter.accept(wire.streamDelta(chunk)));
    filter.finish();
    return filter.text();
  }

  /**
   * Picks {@code count} options with server-side guided choice, one request per pick: pick {@code
   * i} is asked with the prompt followed by the earlier picks joined by {@code separator} (plus a
   * trailing separator), offering only the options not yet chosen, greedy decoding.
   *
   * @throws UnsupportedOperationException when the server does not support guided choice
   * @throws LlmMalformedResponseException when the server answers with text that is not one of the
   *     offered options
   */
  @Override
  public int[] chooseConstrained(String prompt, List<String> options, int count, String separator) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(separator, "separator");
    List<String> opts = List.copyOf(options);
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    ensureOpen();
    int n = Math.min(count, opts.size());
    if (n == 0) {
      return new int[0];
    }
    requireCapability(Capability.CONSTRAINED_CHOICE);
    return choose("choose", prompt, opts, n, separator);
  }

  private int[] choose(
      String operation, String prompt, List<String> options, int n, String separator) {
    return choose(operation, prompt, options, n, separator, choiceProtocol);
  }

  private int[] choose(
      String operation,
      String prompt,
      List<String> options,
      int n,
      String separator,
      ChoiceProtocol protocol) {
    int[] chosen = new int[n];
    boolean[] used = new boolean[options.size()];
    StringBuilder context = new StringBuilder(prompt);
    for (int pick = 0; pick < n; pick++) {
      List<Integer> remaining = new ArrayList<>();
      List<String> offered = new ArrayList<>();
      int longest = 1;
      for (int i = 0; i < options.size(); i++) {
        if (!used[i]) {
          remaining.add(i);
          offered.add(options.get(i));
          longest = Math.max(longest, options.get(i).codePointCount(0, options.get(i).length()));
        }
      }
      // at least one token per character for any tokenizer except byte fallback, plus slack
      GenerationOptions greedy = GenerationOptions.greedy(longest + 8);
      ObjectNode body = wire.generationRequest(context.toString(), greedy, false);
      WireFormat.addChoiceConstraint(body, protocol, offered);
      int index =
          transport.postJson(
              operation,
              wire.generationPath(),
              body,
              response -> matchOption(wire.generatedText(response), remaining, options));
      used[index] = true;
      chosen[pick] = index;
      context.append(options.get(index)).append(separator);
    }
    return chosen;
  }

  private static int matchOption(String answer, List<Integer> remaining, List<String> options) {
    for (String candidate : new String[] {answer, answer.strip()}) {
      for (int i : remaining) {
        if (options.get(i).equals(candidate)) {
          return i;
        }
      }
    }
    String shown = answer.length() > 80 ? answer.substring(0, 80) + "..." : answer;
    throw new WireFormatException(
        "answer '"
            + shown
            + "' is not one of the "
            + remaining.size()
            + " allowed options (the server may ignore the guided-choice parameter)");
  }

  /**
   * Scores continuations by their summed token log-probabilities, sent as prompt arrays of {@link
   * OpenAiConfig#scoringBatchSize()} texts per request, requests in parallel. The server's prefix
   * cache (vLLM) avoids re-evaluating the shared prompt.
   *
   * @throws IllegalArgumentException when the prompt is empty (the first token has no
   *     log-probability)
   * @throws UnsupportedOperationException when the server does not support echo with logprobs
   */
  @Override
  public double[] scoreContinuations(String prompt, List<String> continuations) {
    Objects.requireNonNull(prompt, "prompt");
    List<String> conts = List.copyOf(continuations);
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException(
          "prompt must not be empty: the first token has no log-probability");
    }
    ensureOpen();
    if (conts.isEmpty()) {
      return new double[0];
    }
    requireCapability(Capability.CONTINUATION_SCORING);
    return score("score", prompt, conts);
  }

  private double[] score(String operation, String prompt, List<String> continuations) {
    int batch = config.scoringBatchSize();
    List<Callable<double[]>> tasks = new ArrayList<>();
    for (int from = 0; from < continuations.size(); from += batch) {
      List<String> chunk =
          continuations.subList(from, Math.min(continuations.size(), from + batch));
      tasks.add(() -> scoreChunk(operation, prompt, chunk));
    }
    double[] scores = new double[continuations.size()];
    int at = 0;
    for (double[] part : fanOut(tasks)) {
      System.arraycopy(part, 0, scores, at, part.length);
      at += part.length;
    }
    return scores;
  }

  private double[] scoreChunk(String operation, String prompt, List<String> chunk) {
    List<String> texts = chunk.stream().map(c -> prompt + c).toList();
    return transport.postJson(
        operation,
        WireFormat.COMPLETIONS,
        wire.scoringRequest(texts),
        response -> wire.continuationScores(response, prompt, chunk));
  }

  // ---- capabilities
  // ------------------------------------------------------------------------------------------------

  private record ProbeResult(boolean supported, String reason) {}

  private ProbeResult supported(Capability capability) {
    CapabilitySetting setting =
        capability == Capability.CONTINUATION_SCORING
            ? config.continuationScoring()
            : config.constrainedChoice();
    switch (setting) {
      case ENABLED -> {
        return new ProbeResult(true, "enabled by configuration");
      }
      case DISABLED -> {
        return new ProbeResult(
            false,
            "disabled by configuration ("
                + (capability == Capability.CONTINUATION_SCORING
                    ? OpenAiConfig.ENV_SCORING
                    : OpenAiConfig.ENV_CHOICE)
                + "=disabled)");
      }
      default -> {}
    }
    ProbeResult known = probed.get(capability);
    if (known != null) {
      return known;
    }
    synchronized (probeLock) {
      known = probed.get(capability);
      if (known == null) {
        known = probe(capability);
        probed.put(capability, known);
        log.info(
            "{}: {} {}",
            config.serverLabel(),
            featureName(capability),
            known.supported ? "supported" : "not supported: " + known.reason);
      }
      return known;
    }
  }

  private ProbeResult probe(Capability capability) {
    if (capability == Capability.CONTINUATION_SCORING) {
      return probeOnce(() -> score("probe", PROBE_PROMPT, PROBE_CONTINUATIONS));
    }
    // vLLM removed guided_choice in 0.12 in favour of structured_outputs; older servers know only
    // guided_choice
    ProbeResult configured = probeChoice(config.choiceProtocol());
    if (configured.supported) {
      return configured;
    }
    ChoiceProtocol other =
        config.choiceProtocol() == ChoiceProtocol.GUIDED_CHOICE
            ? ChoiceProtocol.STRUCTURED_OUTPUTS
            : ChoiceProtocol.GUIDED_CHOICE;
    ProbeResult alternative = probeChoice(other);
    if (alternative.supported) {
      choiceProtocol = other;
      log.info(
          "{}: {} is not supported but {} is; using it",
          config.serverLabel(),
          config.choiceProtocol(),
          other);
      return alternative;
    }
    return configured;
  }

  private ProbeResult probeChoice(ChoiceProtocol protocol) {
    return probeOnce(
        () -> choose("probe", "Answer with one word:", PROBE_OPTIONS, 1, ", ", protocol));
  }

  private static ProbeResult probeOnce(Runnable request) {
    try {
      request.run();
      return new ProbeResult(true, "probed");
    } catch (LlmMalformedResponseException e) {
      return new ProbeResult(false, "the probe answer was unusable: " + e.getMessage());
    } catch (LlmHttpStatusException e) {
      int s = e.statusCode();
      if (s == 400 || s == 404 || s == 405 || s == 422 || s == 501) {
        return new ProbeResult(false, "the server rejected the probe: " + e.getMessage());
      }
      throw e;
    }
  }

  private void requireCapability(Capability capability) {
    ProbeResult result = supported(capability);
    if (!result.supported) {
      throw new UnsupportedOperationException(
          config.serverLabel()
              + " (model "
              + config.model()
              + ") does not support "
              + featureName(capability)
              + ": "
              + result.reason);
    }
  }

  private String featureName(Capability capability) {
    return capability == Capability.CONTINUATION_SCORING
        ? "continuation scoring (completions with echo + logprobs)"
        : "constrained choice (" + choiceProtocol.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  // ---- plumbing
  // ------------------------------------------------------------------------------------------------------

  /**
   * Runs tasks (inline when there is one) and returns their results in order; the first failure
   * cancels the rest.
   */
  private <T> List<T> fanOut(List<Callable<T>> tasks) {
    if (tasks.size() == 1) {
      try {
        return List.of(tasks.get(0).call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        futures.add(fanOut.submit(task));
      }
      List<T> results = new ArrayList<>(tasks.size());
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new LlmBackendException(
          FailureKind.INTERRUPTED, config.serverLabel(), 0, "interrupted", e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw new IllegalStateException(config.serverLabel() + ": model is closed", e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(config.serverLabel() + ": model is closed");
    }
  }

  /** Closes the connection pool and worker threads; in-flight calls fail. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      fanOut.shutdownNow();
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "OpenAiLanguageModel["
        + name()
        + " @ "
        + config.serverLabel()
        + ", breaker="
        + transport.circuitState()
        + "]";
  }
}
