package io.palr.cli.generate;

import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.Generation;
import io.palr.llm.engine.EngineSettings;
import io.palr.llm.load.LoadOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
      int threads) {
    /** Validates. */
    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(prompt, "prompt");
    }

    /** A request that leaves the engine's thread count alone. */
    public Request(
        Path model,
        Path tokenizer,
        String prompt,
        int maxTokens,
        double temperature,
        int topK,
        double topP,
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
    EngineSettings.configure();
    EngineSettings.threads(request.threads());
    try (LlamaLanguageModel lm =
        LlamaLanguageModel.open(request.model(), request.tokenizer(), LoadOptions.defaults())) {
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
      int promptTokens = lm.countTokens(request.prompt());
      if (promptTokens + 1 >= lm.contextLength()) { // generation adds BOS
        // refused before anything is echoed
        throw new io.palr.cli.support.UsageException(
            String.format(
                java.util.Locale.ROOT,
                "--prompt is %,d tokens but the model's context holds %,d, with at least one left"
                    + " to generate; shorten it",
                promptTokens,
                lm.contextLength()));
      }
      out.print(request.prompt());
      out.flush();
      Generation g =
          lm.generate(
                  List.of(request.prompt()),
                  settings,
                  (row, token, delta) -> {
                    out.print(delta);
                    out.flush();
                  })
              .get(0);
      out.println();
      out.flush();
      return g;
    }
  }
}
