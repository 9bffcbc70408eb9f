package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A right-padded mini-batch for next-token training. For an example {@code x_0..x_{n-1}}, the
 * inputs are {@code x_0..x_{n-2}} and the targets {@code x_1..x_{n-1}}; a target is scored (weight
 * 1) only when it is a response token or the final EOS, so the prompt contributes no loss. Padding
 * has attention mask 0 and weight 0.
 *
 * @param rows the number of examples
 * @param length the padded input length (longest example minus one)
 * @param inputs row-major [rows, length] input ids
 * @param targets row-major [rows, length] target ids
 * @param weights row-major [rows, length] 1 for scored targets, else 0
 * @param attention row-major [rows, length] 1 for real input tokens, 0 for padding
 * @param scoredTokens the number of scored targets
 * @param realTokens the number of non-padding inputs
 */
@SuppressWarnings(
    "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
public record SftBatch(
    int rows,
    int length,
    int[] inputs,
    long[] targets,
    float[] weights,
    int[] attention,
    int scoredTokens,
    int realTokens) {

  /**
   * Collates examples, padding on the right with {@code padId}.
   *
   * @param examples at least one example
   * @param padId the id written into padded input slots (masked out)
   */
  public static SftBatch collate(List<TokenizedExample> examples, int padId) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int rows = examples.size();
    int len = examples.stream().mapToInt(e -> e.ids().length - 1).max().orElseThrow();
    int[] inputs = new int[rows * len];
    long[] targets = new long[rows * len];
    float[] weights = new float[rows * len];
    int[] attention = new int[rows * len];
    java.util.Arrays.fill(inputs, padId);
    int scored = 0;
    int real = 0;
    for (int r = 0; r < rows; r++) {
      TokenizedExample e = examples.get(r);
      int[] ids = e.ids();
      for (int i = 0; i < ids.length - 1; i++) {
        int k = r * len + i;
        inputs[k] = ids[i];
        targets[k] = ids[i + 1];
        attention[k] = 1;
        real++;
        if (i + 1 >= e.promptLength()) {
          weights[k] = 1f;
          scored++;
        }
      }
    }
    return new SftBatch(rows, len, inputs, targets, weights, attention, scored, real);
  }

  /** The inputs as an INT32 [rows, length] array in {@code m}. */
  public NDArray inputArray(NDManager m) {
    return m.create(inputs, new Shape(rows, length));
  }

  /** The attention mask as an INT32 [rows, length] array in {@code m}. */
  public NDArray attentionArray(NDManager m) {
    return m.create(attention, new Shape(rows, length));
  }
}
