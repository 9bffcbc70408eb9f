package io.palr.llm.decode;

import io.palr.api.llm.GenerationOptions;
import java.util.List;
import java.util.Set;

/**
 * Everything the decoding loop needs besides the prompts.
 *
 * @param maxTokens new tokens at most per row
 * @param temperature 0 for greedy (argmax, lowest id on ties), else the softmax temperature
 * @param topK keep the k most likely tokens when sampling; 0 disables
 * @param topP nucleus threshold in (0, 1]; 1 disables
 * @param seed sampling seed (one {@link java.util.SplittableRandom} per row, seeded {@code seed +
 *     row})
 * @param stopTokens token ids that end a row (not emitted)
 * @param stopStrings strings that end a row (cut from the text)
 * @param processors logit processors, applied in order
 */
public record DecodeSettings(
    int maxTokens,
    double temperature,
    int topK,
    double topP,
    long seed,
    Set<Integer> stopTokens,
    List<String> stopStrings,
    List<LogitProcessor> processors) {

  /** Validates and copies. */
  public DecodeSettings {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    }
    if (temperature < 0 || Double.isNaN(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
    }
    if (topK < 0 || !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topK must be >= 0 and topP in (0, 1]");
    }
    stopTokens = Set.copyOf(stopTokens);
    stopStrings = stopStrings.stream().filter(s -> !s.isEmpty()).toList();
    processors = List.copyOf(processors);
  }

  /** Greedy decoding of {@code maxTokens} tokens stopping at the given tokens. */
  public static DecodeSettings greedy(int maxTokens, Set<Integer> stopTokens) {
    return new DecodeSettings(maxTokens, 0, 0, 1, 0, stopTokens, List.of(), List.of());
  }

  /** Settings from the core contract's options, with the given stop tokens. */
  public static DecodeSettings from(GenerationOptions o, Set<Integer> stopTokens) {
    return new DecodeSettings(
        o.maxTokens(),
        o.temperature(),
        o.topK(),
        o.topP(),
        o.seed(),
        stopTokens,
        o.stop(),
        List.of());
  }

  /** A copy with extra logit processors. */
  public DecodeSettings withProcessors(List<LogitProcessor> more) {
    List<LogitProcessor> all = new java.util.ArrayList<>(processors);
    all.addAll(more);
    return new DecodeSettings(
        maxTokens, temperature, topK, topP, seed, stopTokens, stopStrings, all);
  }
}
