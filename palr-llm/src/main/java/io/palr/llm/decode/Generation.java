package io.palr.llm.decode;

/**
 * One row's result.
 *
 * @param tokens the generated tokens (without prompt and without the stop token)
 * @param text the generated text (without prompt and without the stop string)
 * @param finishReason why generation stopped
 */
@SuppressWarnings(
    "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
public record Generation(int[] tokens, String text, FinishReason finishReason) {
  /** Defensive copy. */
  public Generation {
    tokens = tokens.clone();
  }

  /** The generated tokens (a copy). */
  @Override
  public int[] tokens() {
    return tokens.clone();
  }
}
