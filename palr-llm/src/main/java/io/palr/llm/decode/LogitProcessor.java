package io.palr.llm.decode;

/**
 * Rewrites one row's next-token logits in place before sampling (e.g. repetition penalties, bans,
 * constraints). Called on the decoding thread, once per row and step.
 */
@FunctionalInterface
public interface LogitProcessor {
  /**
   * Adjusts {@code logits}.
   *
   * @param row the row in the batch
   * @param generated the tokens generated so far for this row (excluding the prompt)
   * @param generatedCount how many entries of {@code generated} are valid
   * @param logits the vocabulary-sized logits, modified in place ({@code -Infinity} forbids a
   *     token)
   */
  void process(int row, int[] generated, int generatedCount, float[] logits);
}
