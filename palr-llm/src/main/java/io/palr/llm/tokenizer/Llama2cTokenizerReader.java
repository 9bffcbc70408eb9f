package io.palr.llm.tokenizer;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads llama2.c's {@code tokenizer.bin} / {@code tok*.bin} export of a SentencePiece vocabulary:
 * int32 max_token_length, then for each token float32 score, int32 byte length, UTF-8 bytes (little
 * endian). The vocabulary size is not stored; it is the number of records in the file. Ids 0, 1, 2
 * are unknown, BOS and EOS as in llama2.c, {@code <0xNN>} pieces are byte fallback and spaces are
 * mapped back to U+2581, so encoding follows run.c.
 */
public final class Llama2cTokenizerReader {
  private Llama2cTokenizerReader() {}

  /**
   * Reads the file.
   *
   * @throws TokenizerFormatException if it is truncated or malformed
   * @throws IOException if it cannot be read
   */
  public static ScoredBpeTokenizer read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    List<ScoredBpeTokenizer.Piece> pieces = new ArrayList<>();
    try {
      int maxLen = b.getInt();
      if (maxLen <= 0 || maxLen > 4096) {
        throw new TokenizerFormatException(
            file, "max_token_length " + maxLen + " is implausible: not a llama2.c tokenizer");
      }
      while (b.hasRemaining()) {
        float score = b.getFloat();
        int len = b.getInt();
        if (len < 0 || len > maxLen || len > b.remaining()) {
          throw new TokenizerFormatException(
              file,
              "token "
                  + pieces.size()
                  + " has length "
                  + len
                  + " (max_token_length "
                  + maxLen
                  + ", "
                  + b.remaining()
                  + " bytes left)");
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        pieces.add(toPiece(pieces.size(), new String(bytes, StandardCharsets.UTF_8), score));
      }
    } catch (BufferUnderflowException e) {
      throw new TokenizerFormatException(file, "truncated after " + pieces.size() + " tokens", e);
    }
    if (pieces.size() < 259) {
      throw new TokenizerFormatException(
          file,
          "only "
              + pieces.size()
              + " tokens: llama2.c vocabularies have at least"
              + " 3 special and 256 byte tokens");
    }
    try {
      return new ScoredBpeTokenizer(
          pieces, 0, 1, 2, new ScoredBpeTokenizer.Options(true, false, true));
    } catch (IllegalArgumentException e) {
      throw new TokenizerFormatException(file, e.getMessage(), e);
    }
  }

  private static ScoredBpeTokenizer.Piece toPiece(int id, String text, float score) {
    return switch (id) {
      case 0 -> new ScoredBpeTokenizer.Piece("<unk>", score, PieceType.UNKNOWN);
      case 1 -> new ScoredBpeTokenizer.Piece("<s>", score, PieceType.CONTROL);
      case 2 -> new ScoredBpeTokenizer.Piece("</s>", score, PieceType.CONTROL);
      default ->
          new ScoredBpeTokenizer.Piece(
              text.replace(' ', ScoredBpeTokenizer.SPACE_SYMBOL),
              score,
              ScoredBpeTokenizer.parseBytePiece(text) >= 0 ? PieceType.BYTE : PieceType.NORMAL);
    };
  }
}
