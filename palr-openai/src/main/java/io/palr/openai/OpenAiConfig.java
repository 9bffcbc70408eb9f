package io.palr.openai;

import io.palr.openai.metrics.BackendMetricsListener;
import io.palr.openai.resilience.CircuitBreakerConfig;
import io.palr.openai.resilience.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link OpenAiLanguageModel} needs to talk to one OpenAI-compatible server: where it
 * is, which model, the API key, and the resilience settings. Immutable; build with {@link
 * #builder()} or {@link #fromEnvironment()}. {@link #toString()} never shows the API key.
 */
public final class OpenAiConfig {

  /**
   * Environment variable: the server's base URL, e.g. {@code http://127.0.0.1:8000} or {@code
   * .../v1}.
   */
  public static final String ENV_BASE_URL = "PALR_OPENAI_BASE_URL";

  /** Environment variable: the API key sent as {@code Authorization: Bearer ...} (optional). */
  public static final String ENV_API_KEY = "PALR_OPENAI_API_KEY";

  /** Environment variable: the model name the server serves. */
  public static final String ENV_MODEL = "PALR_OPENAI_MODEL";

  /** Environment variable: {@code completions} or {@code chat}. */
  public static final String ENV_API = "PALR_OPENAI_API";

  /** Environment variable: a label for the server in messages, e.g. {@code vllm}. */
  public static final String ENV_SERVER_NAME = "PALR_OPENAI_SERVER_NAME";

  /** Environment variable: per-request timeout in milliseconds. */
  public static final String ENV_TIMEOUT_MS = "PALR_OPENAI_TIMEOUT_MS";

  /** Environment variable: connect timeout in milliseconds. */
  public static final String ENV_CONNECT_TIMEOUT_MS = "PALR_OPENAI_CONNECT_TIMEOUT_MS";

  /** Environment variable: maximum requests in flight. */
  public static final String ENV_MAX_CONCURRENCY = "PALR_OPENAI_MAX_CONCURRENCY";

  /** Environment variable: total attempts per call, including the first. */
  public static final String ENV_MAX_ATTEMPTS = "PALR_OPENAI_MAX_ATTEMPTS";

  /** Environment variable: the model's context window in tokens. */
  public static final String ENV_CONTEXT_LENGTH = "PALR_OPENAI_CONTEXT_LENGTH";

  /**
   * Environment variable: {@code enabled}, {@code disabled} or {@code probe} for continuation
   * scoring.
   */
  public static final String ENV_SCORING = "PALR_OPENAI_SCORING";

  /**
   * Environment variable: {@code enabled}, {@code disabled} or {@code probe} for constrained
   * choice.
   */
  public static final String ENV_CHOICE = "PALR_OPENAI_CHOICE";

  /** Environment variable: {@code guided_choice} or {@code structured_outputs}. */
  public static final String ENV_CHOICE_PROTOCOL = "PALR_OPENAI_CHOICE_PROTOCOL";

  private final URI baseUri;
  private final String model;
  private final String apiKey;
  private final ApiMode apiMode;
  private final String systemPrompt;
  private final String serverName;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration streamTimeout;
  private final int maxConcurrency;
  private final Duration acquireTimeout;
  private final RetryPolicy retryPolicy;
  private final CircuitBreakerConfig circuitBreaker;
  private final int contextLength;
  private final double charsPerToken;
  private final CapabilitySetting continuationScoring;
  private final CapabilitySetting constrainedChoice;
  private final ChoiceProtocol choiceProtocol;
  private final int scoringBatchSize;
  private final BackendMetricsListener metricsListener;

  private OpenAiConfig(Builder b) {
    if (b.baseUri == null) {
      throw new IllegalArgumentException(
          "base URL is required (builder.baseUrl(...) or " + ENV_BASE_URL + ")");
    }
    if (b.model == null || b.model.isBlank()) {
      throw new IllegalArgumentException(
          "model is required (builder.model(...) or " + ENV_MODEL + ")");
    }
    this.baseUri = b.baseUri;
    this.model = b.model;
    this.apiKey = b.apiKey == null ? "" : b.apiKey;
    this.apiMode = b.apiMode;
    this.systemPrompt = b.systemPrompt;
    this.serverName = b.serverName;
    this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
    this.requestTimeout = positive(b.requestTimeout, "requestTimeout");
    this.streamTimeout = positive(b.streamTimeout, "streamTimeout");
    this.maxConcurrency = atLeastOne(b.maxConcurrency, "maxConcurrency");
    this.acquireTimeout =
        positive(b.acquireTimeout == null ? b.requestTimeout : b.acquireTimeout, "acquireTimeout");
    this.retryPolicy = b.retryPolicy;
    this.circuitBreaker = b.circuitBreaker;
    this.contextLength = atLeastOne(b.contextLength, "contextLength");
    if (!(b.charsPerToken > 0)) {
      throw new IllegalArgumentException("charsPerToken must be > 0: " + b.charsPerToken);
    }
    this.charsPerToken = b.charsPerToken;
    this.continuationScoring = b.continuationScoring;
    this.constrainedChoice = b.constrainedChoice;
    this.choiceProtocol = b.choiceProtocol;
    this.scoringBatchSize = atLeastOne(b.scoringBatchSize, "scoringBatchSize");
    this.metricsListener = b.metricsListener;
  }

  /** A builder with the defaults listed on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled from the process environment ({@code PALR_OPENAI_*} variables). */
  public static Builder fromEnvironment() {
    return builder().applyEnvironment(System.getenv());
  }

  /** The server's base URL as configured. */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * The full URI of an API path such as {@code "completions"}: {@code <base>/v1/<path>}, or {@code
   * <base>/<path>} when the base URL already ends with {@code /v1}.
   */
  public URI endpoint(String path) {
    String base = baseUri.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base.endsWith("/v1") ? base + "/" + path : base + "/v1/" + path);
  }

  /**
   * A label for the server in messages and logs, without credentials, e.g. {@code "vllm at
   * http://host:8000"}.
   */
  public String serverLabel() {
    String hostPort =
        baseUri.getScheme()
            + "://"
            + baseUri.getHost()
            + (baseUri.getPort() < 0 ? "" : ":" + baseUri.getPort());
    return (serverName.isEmpty() ? "openai-compatible server" : serverName) + " at " + hostPort;
  }

  /** The model name sent in every request. */
  public String model() {
    return model;
  }

  /** The API key, empty when none; never logged. */
  String apiKey() {
    return apiKey;
  }

  /** Whether an API key is configured. */
  public boolean hasApiKey() {
    return !apiKey.isEmpty();
  }

  /** Which endpoint generation uses. */
  public ApiMode apiMode() {
    return apiMode;
  }

  /** The system message sent before the prompt in chat mode; empty for none. */
  public String systemPrompt() {
    return systemPrompt;
  }

  /** The configured server name (empty when not set). */
  public String serverName() {
    return serverName;
  }

  /** Time allowed to establish a TCP connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Time allowed for one non-streaming request, from sending to the complete body; also the
   * streaming idle limit.
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Time allowed for a whole streamed response. */
  public Duration streamTimeout() {
    return streamTimeout;
  }

  /** Maximum HTTP requests in flight at once, across all callers of one model. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Longest wait for a concurrency permit before failing with {@code CONCURRENCY_LIMIT}. */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /** The retry schedule. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The circuit breaker thresholds. */
  public CircuitBreakerConfig circuitBreaker() {
    return circuitBreaker;
  }

  /** The model's context window in tokens. */
  public int contextLength() {
    return contextLength;
  }

  /** Characters per token used to estimate token counts (remote tokenizers are not called). */
  public double charsPerToken() {
    return charsPerToken;
  }

  /** Whether continuation scoring (echo + logprobs) is used. */
  public CapabilitySetting continuationScoring() {
    return continuationScoring;
  }

  /** Whether constrained choice (guided decoding) is used. */
  public CapabilitySetting constrainedChoice() {
    return constrainedChoice;
  }

  /** The request parameter used for constrained choice. */
  public ChoiceProtocol choiceProtocol() {
    return choiceProtocol;
  }

  /**
   * Continuations scored per request (sent as a prompt array); 1 sends one request per
   * continuation.
   */
  public int scoringBatchSize() {
    return scoringBatchSize;
  }

  /** Where metrics events go. */
  public BackendMetricsListener metricsListener() {
    return metricsListener;
  }

  /** A builder holding this configuration, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseUri = baseUri;
    b.model = model;
    b.apiKey = apiKey;
    b.apiMode = apiMode;
    b.systemPrompt = systemPrompt;
    b.serverName = serverName;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.streamTimeout = streamTimeout;
    b.maxConcurrency = maxConcurrency;
    b.acquireTimeout = acquireTimeout;
    b.retryPolicy = retryPolicy;
    b.circuitBreaker = circuitBreaker;
    b.contextLength = contextLength;
    b.charsPerToken = charsPerToken;
    b.continuationScoring = continuationScoring;
    b.constrainedChoice = constrainedChoice;
    b.choiceProtocol = choiceProtocol;
    b.scoringBatchSize = scoringBatchSize;
    b.metricsListener = metricsListener;
    return b;
  }

  @Override
  public String toString() {
    return "OpenAiConfig[server="
        + serverLabel()
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isEmpty() ? "<none>" : "<redacted>")
        + ", api="
        + apiMode
        + ", requestTimeout="
        + requestTimeout
        + ", maxConcurrency="
        + maxConcurrency
        + ", retry="
        + retryPolicy
        + ", breaker="
        + circuitBreaker
        + ", scoring="
        + continuationScoring
        + ", choice="
        + constrainedChoice
        + "/"
        + choiceProtocol
        + "]";
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  private static int atLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
    return value;
  }

  /** Builds an {@link OpenAiConfig}. Not thread-safe. */
  public static final class Builder {
    private URI baseUri;
    private String model;
    private String apiKey = "";
    private ApiMode apiMode = ApiMode.COMPLETIONS;
    private String systemPrompt = "";
    private String serverName = "";
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration streamTimeout = Duration.ofMinutes(5);
    private int maxConcurrency = 8;
    private Duration acquireTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.defaults();
    private int contextLength = 4096;
    private double charsPerToken = 4.0;
    private CapabilitySetting continuationScoring = CapabilitySetting.PROBE;
    private CapabilitySetting constrainedChoice = CapabilitySetting.PROBE;
    private ChoiceProtocol choiceProtocol = ChoiceProtocol.GUIDED_CHOICE;
    private int scoringBatchSize = 8;
    private BackendMetricsListener metricsListener = BackendMetricsListener.noop();

    private Builder() {}

    /** The server's base URL (required), with or without a trailing {@code /v1}; http or https. */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url");
      try {
        URI uri = new URI(url.strip());
        if (uri.getScheme() == null
            || !(uri.getScheme().equalsIgnoreCase("http")
                || uri.getScheme().equalsIgnoreCase("https"))
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "base URL must be an absolute http(s) URL with a host: "
                  + (uri.getRawUserInfo() == null ? uri : "<redacted>"));
        }
        if (uri.getRawUserInfo() != null) {
          throw new IllegalArgumentException(
              "base URL must not contain credentials; set the API key with apiKey(...) or "
                  + ENV_API_KEY);
        }
        this.baseUri = uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "base URL is not a valid URI (" + e.getReason() + ")", e);
      }
      return this;
    }

    /** The model name the server serves (required). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model").strip();
      return this;
    }

    /** The API key sent as a bearer token; null or empty for none (default none). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null ? "" : apiKey.strip();
      return this;
    }

    /** Which endpoint generation uses (default {@link ApiMode#COMPLETIONS}). */
    public Builder apiMode(ApiMode apiMode) {
      this.apiMode = Objects.requireNonNull(apiMode, "apiMode");
      return this;
    }

    /** A system message for chat mode (default none). */
    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
      return this;
    }

    /**
     * A label for the server in messages, e.g. {@code "vllm"} (default "openai-compatible server").
     */
    public Builder serverName(String serverName) {
      this.serverName = Objects.requireNonNull(serverName, "serverName").strip();
      return this;
    }

    /** TCP connect timeout (default 5 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Per-request timeout and streaming idle timeout (default 60 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Limit for a whole streamed response (default 5 min). */
    public Builder streamTimeout(Duration streamTimeout) {
      this.streamTimeout = streamTimeout;
      return this;
    }

    /** Maximum requests in flight (default 8). */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** Longest wait for a concurrency permit (default: the request timeout). */
    public Builder acquireTimeout(Duration acquireTimeout) {
      this.acquireTimeout = acquireTimeout;
      return this;
    }

    /** The retry schedule (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** The circuit breaker thresholds (default {@link CircuitBreakerConfig#defaults()}). */
    public Builder circuitBreaker(CircuitBreakerConfig circuitBreaker) {
      this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
      return this;
    }

    /** The model's context window in tokens (default 4096). */
    public Builder contextLength(int contextLength) {
      this.contextLength = contextLength;
      return this;
    }

    /** Characters per token for token-count estimates (default 4). */
    public Builder charsPerToken(double charsPerToken) {
      this.charsPerToken = charsPerToken;
      return this;
    }

    /** Continuation scoring setting (default {@link CapabilitySetting#PROBE}). */
    public Builder continuationScoring(CapabilitySetting setting) {
      this.continuationScoring = Objects.requireNonNull(setting, "setting");
      return this;
    }

    /** Constrained choice setting (default {@link CapabilitySetting#PROBE}). */
    public Builder constrainedChoice(CapabilitySetting setting) {
      this.constrainedChoice = Objects.requireNonNull(setting, "setting");
      return this;
    }

    /** The constrained-choice request parameter (default {@link ChoiceProtocol#GUIDED_CHOICE}). */
    public Builder choiceProtocol(ChoiceProtocol choiceProtocol) {
      this.choiceProtocol = Objects.requireNonNull(choiceProtocol, "choiceProtocol");
      return this;
    }

    /** Continuations per scoring request (default 8). */
    public Builder scoringBatchSize(int scoringBatchSize) {
      this.scoringBatchSize = scoringBatchSize;
      return this;
    }

    /** Where metrics events go (default nowhere). */
    public Builder metricsListener(BackendMetricsListener metricsListener) {
      this.metricsListener = Objects.requireNonNull(metricsListener, "metricsListener");
      return this;
    }

    /**
     * Applies the {@code PALR_OPENAI_*} variables present in {@code env} (absent ones leave the
     * current value).
     *
     * @throws IllegalArgumentException naming the variable when a value cannot be parsed
     */
    public Builder applyEnvironment(Map<String, String> env) {
      String v;
      if ((v = get(env, ENV_BASE_URL)) != null) {
        baseUrl(v);
      }
      if ((v = get(env, ENV_MODEL)) != null) {
        model(v);
      }
      if ((v = get(env, ENV_API_KEY)) != null) {
        apiKey(v);
      }
      if ((v = get(env, ENV_SERVER_NAME)) != null) {
        serverName(v);
      }
      if ((v = get(env, ENV_API)) != null) {
        apiMode(parseEnum(ApiMode.class, ENV_API, v));
      }
      if ((v = get(env, ENV_TIMEOUT_MS)) != null) {
        requestTimeout(Duration.ofMillis(parseInt(ENV_TIMEOUT_MS, v)));
      }
      if ((v = get(env, ENV_CONNECT_TIMEOUT_MS)) != null) {
        connectTimeout(Duration.ofMillis(parseInt(ENV_CONNECT_TIMEOUT_MS, v)));
      }
      if ((v = get(env, ENV_MAX_CONCURRENCY)) != null) {
        maxConcurrency(parseInt(ENV_MAX_CONCURRENCY, v));
      }
      if ((v = get(env, ENV_MAX_ATTEMPTS)) != null) {
        retryPolicy(retryPolicy.withMaxAttempts(parseInt(ENV_MAX_ATTEMPTS, v)));
      }
      if ((v = get(env, ENV_CONTEXT_LENGTH)) != null) {
        contextLength(parseInt(ENV_CONTEXT_LENGTH, v));
      }
      if ((v = get(env, ENV_SCORING)) != null) {
        continuationScoring(parseEnum(CapabilitySetting.class, ENV_SCORING, v));
      }
      if ((v = get(env, ENV_CHOICE)) != null) {
        constrainedChoice(parseEnum(CapabilitySetting.class, ENV_CHOICE, v));
      }
      if ((v = get(env, ENV_CHOICE_PROTOCOL)) != null) {
        choiceProtocol(parseEnum(ChoiceProtocol.class, ENV_CHOICE_PROTOCOL, v));
      }
      return this;
    }

    /** Builds the configuration. */
    public OpenAiConfig build() {
      return new OpenAiConfig(this);
    }

    private static String get(Map<String, String> env, String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? null : v.strip();
    }

    private static int parseInt(String name, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be an integer: '" + value + "'", e);
      }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            name
                + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
                + ": '"
                + value
                + "'",
            e);
      }
    }
  }
}
