package io.palr.api.llm;

import java.util.List;
import java.util.Objects;

/**
 * How to decode: length, sampling and stopping.
 *
 * @param maxTokens the maximum number of new tokens, at least 1
 * @param temperature 0 for greedy decoding, otherwise the softmax temperature
 * @param topK keep only the k most likely tokens when sampling; 0 disables
 * @param topP nucleus sampling threshold in (0, 1]; 1 disables
 * @param seed random seed for sampling (decoding is deterministic for a given seed)
 * @param stop strings that end generation (not included in the output)
 */
public record GenerationOptions(
    int maxTokens, double temperature, int topK, double topP, long seed, List<String> stop) {
  /** Validates the components. */
  public GenerationOptions {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    }
    if (temperature < 0 || Double.isNaN(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0: " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
    }
    stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
  }

  /** Greedy decoding of up to {@code maxTokens} tokens. */
  public static GenerationOptions greedy(int maxTokens) {
    return new GenerationOptions(maxTokens, 0, 0, 1, 0, List.of());
  }

  /** A copy with other stop strings. */
  public GenerationOptions withStop(List<String> stop) {
    return new GenerationOptions(maxTokens, temperature, topK, topP, seed, stop);
  }

  /** A copy with another token limit. */
  public GenerationOptions withMaxTokens(int maxTokens) {
    return new GenerationOptions(maxTokens, temperature, topK, topP, seed, stop);
  }

  /** A copy that samples at the given temperature with the given seed. */
  public GenerationOptions withSampling(double temperature, long seed) {
    return new GenerationOptions(maxTokens, temperature, topK, topP, seed, stop);
  }
}
