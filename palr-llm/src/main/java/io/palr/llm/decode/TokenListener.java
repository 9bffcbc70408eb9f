package io.palr.llm.decode;

/** Receives generated text as it is produced (streaming). Called on the decoding thread. */
@FunctionalInterface
public interface TokenListener {
  /**
   * A new token for a row.
   *
   * @param row the row in the batch
   * @param token the token id
   * @param textDelta the newly final text (may be empty while a multi-byte character or a possible
   *     stop string is incomplete)
   */
  void onToken(int row, int token, String textDelta);
}
