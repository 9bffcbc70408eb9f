package io.palr.llm.decode;

/**
 * Forbids any token that would complete an n-gram the row has already generated (Hugging Face's
 * {@code no_repeat_ngram_size}): a small model that falls into repeating one title line can then
 * not write the same {@code n} tokens twice, so a list of items has to move on. Only generated
 * tokens count, not the prompt. Stateless and thread-safe.
 */
public final class NoRepeatNgramProcessor implements LogitProcessor {
  private final int n;

  /**
   * A processor for n-grams of length {@code n}.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public NoRepeatNgramProcessor(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n-gram size must be >= 1: " + n);
    }
    this.n = n;
  }

  /** The n-gram size. */
  public int size() {
    return n;
  }

  @Override
  public void process(int row, int[] generated, int generatedCount, float[] logits) {
    if (generatedCount < n - 1) {
      return;
    }
    int prefixStart = generatedCount - (n - 1);
    // every earlier position whose n-1 tokens equal the current suffix bans the token that followed
    // it
    for (int start = 0; start + n - 1 < generatedCount; start++) {
      boolean match = true;
      for (int j = 0; j < n - 1 && match; j++) {
        match = generated[start + j] == generated[prefixStart + j];
      }
      if (match) {
        int banned = generated[start + n - 1];
        if (banned >= 0 && banned < logits.length) {
          logits[banned] = Float.NEGATIVE_INFINITY;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "no-repeat-" + n + "-gram";
  }
}
