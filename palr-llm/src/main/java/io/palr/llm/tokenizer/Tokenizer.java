package io.palr.llm.tokenizer;

import java.util.Arrays;

/**
 * Text to token ids and back, for one model vocabulary. Implementations are immutable and
 * thread-safe.
 *
 * <p>Encoding never appends an end-of-sequence token; {@code addBos} prepends the
 * beginning-of-sequence token.
 *
 * <p>A tokenizer backed by native memory releases it in {@link #close()}; the others need no
 * closing, so the default does nothing.
 */
public interface Tokenizer extends AutoCloseable {

  /** Releases native memory, if any; idempotent. */
  @Override
  default void close() {}

  /**
   * Encodes text.
   *
   * @param text the text, possibly empty
   * @param addBos whether to prepend {@link #bosId()}
   * @return the token ids
   */
  int[] encode(String text, boolean addBos);

  /**
   * Encodes text that directly follows other text (a continuation, a candidate item, a separator):
   * no BOS and no dummy-prefix space, so that {@code decodeContinuation(context,
   * encodeContinuation(s))} is {@code s}. The default is {@code encode(text, false)}, right for
   * tokenizers without a dummy prefix.
   */
  default int[] encodeContinuation(String text) {
    return encode(text, false);
  }

  /**
   * Decodes ids to text, merging byte-fallback tokens into UTF-8 and dropping control tokens. Like
   * SentencePiece, the space a tokenizer adds before the first word is removed.
   */
  String decode(int[] ids);

  /** The raw vocabulary entry of a token (e.g. {@code "▁time"} or {@code "<0x0A>"}). */
  String piece(int id);

  /** The id of a raw vocabulary entry, or -1 when the vocabulary has no such piece. */
  int pieceId(String piece);

  /** The beginning-of-sequence id. */
  int bosId();

  /** The end-of-sequence id. */
  int eosId();

  /** The number of token ids. */
  int vocabSize();

  /**
   * The text that {@code ids} add after {@code context}: {@code decode(context ++ ids)} without the
   * decoded context. This keeps the space that a leading word piece carries and completes byte
   * sequences split at the boundary.
   */
  default String decodeContinuation(int[] context, int[] ids) {
    int keep = Math.min(context.length, 8);
    int[] tail = Arrays.copyOfRange(context, context.length - keep, context.length);
    int[] joined = Arrays.copyOf(tail, tail.length + ids.length);
    System.arraycopy(ids, 0, joined, tail.length, ids.length);
    String prefix = decode(tail);
    String all = decode(joined);
    if (all.startsWith(prefix)) {
      return all.substring(prefix.length());
    }
    return decode(ids);
  }
}
