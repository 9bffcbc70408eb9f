package io.palr.llm.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SentencePiece {@code tokenizer.model} (a serialized {@code ModelProto}) without a
 * protobuf library. Only the fields the BPE encoder needs are read: {@code pieces} (1: piece, 2:
 * score, 3: type), the trainer spec (3: model_type, 35: byte_fallback, 40-42: unk/bos/eos ids) and
 * the normalizer spec (3: add_dummy_prefix, 4: remove_extra_whitespaces); everything else is
 * skipped by wire type.
 */
public final class SentencePieceModelReader {
  private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private SentencePieceModelReader() {}

  /**
   * Reads the model file.
   *
   * @throws TokenizerFormatException if it is not a SentencePiece BPE model
   * @throws IOException if it cannot be read
   */
  public static ScoredBpeTokenizer read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new TokenizerFormatException(
          file, "file of " + size + " bytes is too large for a SentencePiece model");
    }
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    try {
      return parse(buf, file);
    } catch (RuntimeException e) {
      throw new TokenizerFormatException(
          file, "malformed SentencePiece model: " + e.getMessage(), e);
    }
  }

  private static ScoredBpeTokenizer parse(ByteBuffer buf, Path file)
      throws TokenizerFormatException {
    List<ScoredBpeTokenizer.Piece> pieces = new ArrayList<>();
    int modelType = 1;
    boolean byteFallback = false;
    int unk = 0;
    int bos = 1;
    int eos = 2;
    boolean addDummyPrefix = true;
    boolean removeExtra = true;
    while (buf.hasRemaining()) {
      long key = varint(buf);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 2) {
        pieces.add(piece(sub(buf)));
      } else if (field == 2 && wire == 2) {
        ByteBuffer t = sub(buf);
        while (t.hasRemaining()) {
          long k = varint(t);
          int f = (int) (k >>> 3);
          int w = (int) (k & 7);
          if (w == 0 && (f == 3 || f == 35 || f == 40 || f == 41 || f == 42)) {
            int v = (int) varint(t);
            switch (f) {
              case 3 -> modelType = v;
              case 35 -> byteFallback = v != 0;
              case 40 -> unk = v;
              case 41 -> bos = v;
              default -> eos = v;
            }
          } else {
            skip(t, w);
          }
        }
      } else if (field == 3 && wire == 2) {
        ByteBuffer t = sub(buf);
        while (t.hasRemaining()) {
          long k = varint(t);
          int f = (int) (k >>> 3);
          int w = (int) (k & 7);
          if (w == 0 && f == 3) {
            addDummyPrefix = varint(t) != 0;
          } else if (w == 0 && f == 4) {
            removeExtra = varint(t) != 0;
          } else {
            skip(t, w);
          }
        }
      } else {
        skip(buf, wire);
      }
    }
    if (pieces.isEmpty()) {
      throw new TokenizerFormatException(file, "no pieces: not a SentencePiece model");
    }
    if (modelType != 2) {
      throw new TokenizerFormatException(
          file,
          "SentencePiece model_type "
              + modelType
              + " is not supported (only BPE = 2, as used by LLaMA)");
    }
    for (int id : new int[] {unk, bos, eos}) {
      if (id >= pieces.size()) {
        throw new TokenizerFormatException(
            file, "special token id " + id + " outside vocabulary of " + pieces.size());
      }
    }
    try {
      return new ScoredBpeTokenizer(
          pieces,
          unk,
          bos,
          eos,
          new ScoredBpeTokenizer.Options(addDummyPrefix, removeExtra, byteFallback));
    } catch (IllegalArgumentException e) {
      throw new TokenizerFormatException(file, e.getMessage(), e);
    }
  }

  private static ScoredBpeTokenizer.Piece piece(ByteBuffer b) {
    String text = null;
    float score = 0;
    int type = 1;
    while (b.hasRemaining()) {
      long k = varint(b);
      int f = (int) (k >>> 3);
      int w = (int) (k & 7);
      if (f == 1 && w == 2) {
        text = utf8(sub(b));
      } else if (f == 2 && w == 5) {
        score = b.getFloat();
      } else if (f == 3 && w == 0) {
        type = (int) varint(b);
      } else {
        skip(b, w);
      }
    }
    if (text == null) {
      throw new IllegalStateException("a piece without text");
    }
    return new ScoredBpeTokenizer.Piece(text, score, PieceType.fromProto(type));
  }

  private static String utf8(ByteBuffer b) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(b)
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("piece is not valid UTF-8", e);
    }
  }

  private static long varint(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new IllegalStateException("varint longer than 10 bytes");
  }

  private static ByteBuffer sub(ByteBuffer b) {
    long len = varint(b);
    if (len < 0 || len > b.remaining()) {
      throw new IllegalStateException(
          "length " + len + " exceeds the " + b.remaining() + " bytes left");
    }
    ByteBuffer s = b.slice().order(ByteOrder.LITTLE_ENDIAN);
    s.limit((int) len);
    b.position(b.position() + (int) len);
    return s;
  }

  private static void skip(ByteBuffer b, int wire) {
    switch (wire) {
      case 0 -> varint(b);
      case 1 -> b.position(b.position() + 8);
      case 2 -> sub(b);
      case 5 -> b.position(b.position() + 4);
      default -> throw new IllegalStateException("unsupported wire type " + wire);
    }
  }
}
