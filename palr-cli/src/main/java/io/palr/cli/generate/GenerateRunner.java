package io.palr.cli.generate;

import ai.djl.ndarray.types.DataType;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.Generation;
import io.palr.llm.engine.EngineSettings;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.load.MemoryEstimate;
import io.palr.llm.load.MemoryReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The logic of {@code palr generate}: load a model (Hugging Face folder or llama2.c {@code .bin})
 * and its tokenizer, complete one prompt and print the prompt followed by the completion as it
 * streams, then a newline (like llama2.c's run.c). With {@code --max-tokens N}, run.c's {@code -n
 * steps} corresponds to {@code N = steps - promptTokens + 1} (prompt tokens counted with BOS).
 */
public final class GenerateRunner {
  /**
   * A generation request.
   *
   * @param model Hugging Face folder or llama2.c {@code .bin}
   * @param tokenizer tokenizer file, or null for the default beside the model
   * @param prompt the prompt text
   * @param maxTokens new tokens at most
   * @param temperature 0 for greedy
   * @param topK top-k (0: off)
   * @param topP top-p (1: off)
   * @param seed sampling seed
   * @param threads PyTorch intra-op threads ({@code <= 0}: engine default)
   * @param dataType the weights' storage type, or null for the checkpoint's own (half stays half)
   * @param context positions to reserve KV-cache memory for ({@code <= 0}: the model's context)
   */
  public record Request(
      Path model,
      Path tokenizer,
      String prompt,
      int maxTokens,
      double temperature,
      int topK,
      double topP,
      long seed,
      int threads,
      DataType dataType,
      int context) {
    /** Validates. */
    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(prompt, "prompt");
    }

    /** A request that leaves the engine's thread count, the storage type and the context alone. */
    public Request(
        Path model,
        Path tokenizer,
        String prompt,
        int maxTokens,
        double temperature,
        int topK,
        double topP,
        long seed) {
      this(model, tokenizer, prompt, maxTokens, temperature, topK, topP, seed, 0, null, 0);
    }
  }

  /**
   * Where the time and memory of one run went, one-time costs apart from steady decoding.
   *
   * @param loadSeconds loading the model and tokenizer
   * @param promptTokens prompt tokens (with BOS)
   * @param firstTokenSeconds from the start of generation to the first new token (the prefill)
   * @param tokens new tokens
   * @param decodeSeconds from the first new token to the last ({@code tokens - 1} decode steps)
   * @param decodeCpuSeconds CPU time of the whole process over the same span (all threads), or NaN
   *     where the JVM cannot tell
   * @param threads PyTorch's intra-op thread count during the run
   * @param memory the memory breakdown after the run
   * @param estimate the estimate for this run's batch and positions
   */
  public record Stats(
      double loadSeconds,
      int promptTokens,
      double firstTokenSeconds,
      int tokens,
      double decodeSeconds,
      double decodeCpuSeconds,
      int threads,
      MemoryReport memory,
      MemoryEstimate estimate) {
    /** Steady decode speed: tokens after the first per second, NaN with fewer than two tokens. */
    public double decodeTokensPerSecond() {
      return tokens < 2 || decodeSeconds <= 0 ? Double.NaN : (tokens - 1) / decodeSeconds;
    }

    /**
     * Decode steps per second of process CPU time: the cost on an idle machine, what a busy one
     * cannot hide; NaN when unknown.
     */
    public double decodeTokensPerCpuSecond() {
      return tokens < 2 || !(decodeCpuSeconds > 0) ? Double.NaN : (tokens - 1) / decodeCpuSeconds;
    }

    /** The report lines {@code palr generate --stats} prints. */
    public List<String> lines() {
      return List.of(
          String.format(
              Locale.ROOT,
              "load %.2f s; prompt %d tokens, time to first token %.3f s; %d more tokens in %.3f s"
                  + " = %.1f tokens/s steady decode (%.1f per CPU-second of the process); %d engine"
                  + " thread%s",
              loadSeconds,
              promptTokens,
              firstTokenSeconds,
              Math.max(0, tokens - 1),
              decodeSeconds,
              decodeTokensPerSecond(),
              decodeTokensPerCpuSecond(),
              threads,
              threads == 1 ? "" : "s"),
          "memory: " + memory.describe(),
          "estimate: " + estimate.describe());
    }
  }

  /**
   * A run's generation and its statistics.
   *
   * @param generation the generated tokens and text
   * @param stats timings and memory
   */
  public record Result(Generation generation, Stats stats) {}

  private GenerateRunner() {}

  /**
   * Runs a request, streaming to {@code out}.
   *
   * @return the generation
   * @throws IOException if the model or tokenizer cannot be loaded
   */
  public static Generation run(Request request, PrintStream out) throws IOException {
    return runWithStats(request, out).generation();
  }

  /**
   * Runs a request, streaming to {@code out}, and measures load, time to first token, steady
   * decoding and memory.
   *
   * @return the generation and its statistics
   * @throws IOException if the model or tokenizer cannot be loaded
   */
  public static Result runWithStats(Request request, PrintStream out) throws IOException {
    EngineSettings.configure();
    EngineSettings.threads(request.threads());
    long t0 = System.nanoTime();
    LoadOptions options = LoadOptions.defaults().withDataType(request.dataType());
    if (request.context() > 0) {
      options = options.withKvReservation(1, request.context());
    }
    try (LlamaLanguageModel lm =
        LlamaLanguageModel.open(request.model(), request.tokenizer(), options)) {
      double load = (System.nanoTime() - t0) / 1e9;
      DecodeSettings settings =
          new DecodeSettings(
              request.maxTokens(),
              request.temperature(),
              request.topK(),
              request.topP(),
              request.seed(),
              lm.stopTokens(),
              List.of(),
              List.of());
      int promptTokens = lm.tokenizer().encode(request.prompt(), true).length; // with BOS
      if (promptTokens >= lm.contextLength()) {
        // refused before anything is echoed
        throw new io.palr.cli.support.UsageException(
            String.format(
                java.util.Locale.ROOT,
                "--prompt is %,d tokens but the model's context holds %,d, with at least one left"
                    + " to generate; shorten it",
                promptTokens - 1,
                lm.contextLength()));
      }
      out.print(request.prompt());
      out.flush();
      long[] first = {0};
      long[] firstCpu = {-1};
      long start = System.nanoTime();
      Generation g =
          lm.generate(
                  List.of(request.prompt()),
                  settings,
                  (row, token, delta) -> {
                    if (first[0] == 0) {
                      first[0] = System.nanoTime();
                      firstCpu[0] = processCpuNanos();
                    }
                    out.print(delta);
                    out.flush();
                  })
              .get(0);
      long end = System.nanoTime();
      long endCpu = processCpuNanos();
      out.println();
      out.flush();
      int tokens = g.tokens().length;
      long firstAt = first[0] == 0 ? end : first[0];
      int positions = Math.min(lm.contextLength(), promptTokens + tokens);
      Stats stats =
          new Stats(
              load,
              promptTokens,
              (firstAt - start) / 1e9,
              tokens,
              (end - firstAt) / 1e9,
              firstCpu[0] < 0 || endCpu < 0 ? Double.NaN : (endCpu - firstCpu[0]) / 1e9,
              ai.djl.pytorch.jni.JniUtils.getNumThreads(),
              lm.memory(lm.kvCacheBytes(1, positions)),
              lm.estimate(1, positions));
      return new Result(g, stats);
    }
  }

  /** CPU time of the whole process in nanoseconds, or -1. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }
}
