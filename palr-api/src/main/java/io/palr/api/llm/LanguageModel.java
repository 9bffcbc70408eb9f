package io.palr.api.llm;

import java.util.List;

/**
 * A causal language model as the PALR stages use it: free generation, generation constrained to a
 * set of allowed strings, and likelihood scoring of continuations. Implementations are thread-safe
 * and hold native or network resources, released by {@link #close()}.
 *
 * <p>Optional operations throw {@link UnsupportedOperationException} with a message naming the
 * backend; callers check {@link #capabilities()} first.
 */
public interface LanguageModel extends AutoCloseable {

  /** What an implementation can do beyond plain generation. */
  enum Capability {
    /** {@link #chooseConstrained} is supported. */
    CONSTRAINED_CHOICE,
    /** {@link #scoreContinuations} is supported. */
    CONTINUATION_SCORING
  }

  /** A short name for provenance, e.g. "llama:stories260K" or "openai:llama-2-7b". */
  String name();

  /** The operations this model supports beyond {@link #generate}. */
  java.util.Set<Capability> capabilities();

  /** The context window in tokens. */
  int contextLength();

  /**
   * Number of tokens the text encodes to (an estimate for remote models), used to budget prompts.
   */
  int countTokens(String text);

  /**
   * Completes each prompt. Prompts of different lengths may be batched.
   *
   * @return one completion per prompt, without the prompt text and without any stop string
   */
  List<String> generate(List<String> prompts, GenerationOptions options);

  /**
   * Generates {@code count} distinct options, in the order the model prefers them, where every
   * generated item is forced to be exactly one of {@code options} (a token trie), items separated
   * by {@code separator}.
   *
   * @return indices into {@code options}, most preferred first, {@code min(count, options.size())}
   *     long
   */
  int[] chooseConstrained(String prompt, List<String> options, int count, String separator);

  /**
   * The log-likelihood (natural log, summed over tokens) of each continuation given the prompt; the
   * prompt is evaluated once and its cache reused.
   */
  double[] scoreContinuations(String prompt, List<String> continuations);

  /** Releases native memory or connections. Idempotent. */
  @Override
  void close();
}
