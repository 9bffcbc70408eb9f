package io.palr.llm.cli;

import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.Generation;
import io.palr.llm.load.LoadOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The logic of {@code palr generate}: load a model (Hugging Face folder or llama2.c {@code .bin}) and its tokenizer,
 * complete one prompt and print the prompt followed by the completion as it streams, then a newline (like llama2.c's
 * run.c). With {@code --max-tokens N}, run.c's {@code -n steps} corresponds to {@code N = steps - promptTokens + 1}
 * (prompt tokens counted with BOS).
 *
 * <pre>
 * GenerateRunner --model PATH [--tokenizer PATH] --prompt TEXT --max-tokens N [--temperature T] [--top-k K]
 *                [--top-p P] [--seed S] [--threads N]
 * </pre>
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
   */
  public record Request(Path model, Path tokenizer, String prompt, int maxTokens, double temperature, int topK,
      double topP, long seed, int threads) {
    /** Validates. */
    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(prompt, "prompt");
    }

    /** A request that leaves the engine's thread count alone. */
    public Request(Path model, Path tokenizer, String prompt, int maxTokens, double temperature, int topK, double topP,
        long seed) {
      this(model, tokenizer, prompt, maxTokens, temperature, topK, topP, seed, 0);
    }
  }

  private GenerateRunner() {}

  /**
   * Runs a request, streaming to {@code out}.
   *
   * @return the generation
   * @throws IOException if the model or tokenizer cannot be loaded
   */
  public static Generation run(Request request, PrintStream out) throws IOException {
    EngineSetup.configure();
    EngineSetup.threads(request.threads());
    try (LlamaLanguageModel lm = LlamaLanguageModel.open(request.model(), request.tokenizer(), LoadOptions.defaults())) {
      DecodeSettings settings = new DecodeSettings(request.maxTokens(), request.temperature(), request.topK(),
          request.topP(), request.seed(), lm.stopTokens(), List.of(), List.of());
      out.print(request.prompt());
      out.flush();
      Generation g = lm.generate(List.of(request.prompt()), settings, (row, token, delta) -> {
        out.print(delta);
        out.flush();
      }).get(0);
      out.println();
      out.flush();
      return g;
    }
  }

  /** Parses arguments into a request. */
  public static Request parse(String[] args) {
    Path model = null;
    Path tokenizer = null;
    String prompt = "";
    int maxTokens = 256;
    double temperature = 0;
    int topK = 0;
    double topP = 1;
    long seed = 0;
    int threads = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--model" -> model = Path.of(v);
        case "--tokenizer" -> tokenizer = Path.of(v);
        case "--prompt" -> prompt = v;
        case "--max-tokens" -> maxTokens = Integer.parseInt(v);
        case "--temperature" -> temperature = Double.parseDouble(v);
        case "--top-k" -> topK = Integer.parseInt(v);
        case "--top-p" -> topP = Double.parseDouble(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required");
    }
    return new Request(model, tokenizer, prompt, maxTokens, temperature, topK, topP, seed, threads);
  }

  /**
   * Command-line entry point.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) throws IOException {
    Request r;
    try {
      r = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: GenerateRunner --model PATH [--tokenizer PATH] --prompt TEXT --max-tokens N"
          + " [--temperature T] [--top-k K] [--top-p P] [--seed S] [--threads N]");
      System.exit(2);
      return;
    }
    run(r, new PrintStream(System.out, true, StandardCharsets.UTF_8));
  }
}
