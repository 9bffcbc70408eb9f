package io.palr.llm.finetune;

/**
 * A tokenized example: {@code ids = [BOS] prompt response [EOS]}, where the first {@code
 * promptLength} ids (BOS included) are context and the rest are scored.
 *
 * @param ids the token ids
 * @param promptLength the number of leading context ids (at least 1: the BOS token)
 */
@SuppressWarnings(
    "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
public record TokenizedExample(int[] ids, int promptLength) {
  /** Validates the components. */
  public TokenizedExample {
    if (promptLength < 1 || promptLength >= ids.length) {
      throw new IllegalArgumentException(
          "prompt length " + promptLength + " must be in [1, " + ids.length + ")");
    }
  }

  /** The number of scored tokens (response plus EOS). */
  public int responseLength() {
    return ids.length - promptLength;
  }
}
