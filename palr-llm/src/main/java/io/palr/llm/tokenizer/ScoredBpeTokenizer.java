package io.palr.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A SentencePiece-style BPE tokenizer over scored pieces, as used by LLaMA, LLaMA-2 and llama2.c:
 * text is normalized (optional removal of extra spaces, a dummy-prefix space, spaces written as
 * U+2581), split into characters and user-defined symbols, then adjacent symbols are merged while
 * the merged string is a vocabulary piece, always taking the merge with the highest piece score
 * (the leftmost on ties). Symbols left outside the vocabulary become their UTF-8 bytes ({@code
 * <0xNN>} pieces) when byte fallback is on, else the unknown token. This is the algorithm of
 * SentencePiece's {@code bpe_model.cc}; it ignores any precompiled normalization map (LLaMA's is
 * the identity).
 *
 * <p>Immutable and thread-safe.
 */
public final class ScoredBpeTokenizer implements Tokenizer {
  /** SentencePiece's whitespace symbol, U+2581. */
  public static final char SPACE_SYMBOL = '\u2581';

  private static final String UNKNOWN_SURFACE = " \u2047 ";

  /** One vocabulary entry. */
  public record Piece(String text, float score, PieceType type) {
    /** Validates the components. */
    public Piece {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(type, "type");
    }
  }

  /** Normalization and fallback switches, as in SentencePiece's normalizer and trainer specs. */
  public record Options(
      boolean addDummyPrefix, boolean removeExtraWhitespaces, boolean byteFallback) {}

  private final List<Piece> pieces;
  private final Map<String, Integer> mergeable = new HashMap<>();
  private final Map<String, Integer> reserved = new HashMap<>();
  private final List<String> userDefined = new ArrayList<>();
  private final int[] byteIds = new int[256];
  private final byte[][] pieceBytes;
  private final int unkId;
  private final int bosId;
  private final int eosId;
  private final Options options;

  /**
   * Creates a tokenizer.
   *
   * @param pieces the vocabulary, index = token id
   * @param unkId the unknown token (-1 if none)
   * @param bosId the beginning-of-sequence token
   * @param eosId the end-of-sequence token
   * @param options normalization switches
   * @throws IllegalArgumentException if byte fallback is on but some {@code <0xNN>} piece is
   *     missing
   */
  public ScoredBpeTokenizer(List<Piece> pieces, int unkId, int bosId, int eosId, Options options) {
    this.pieces = List.copyOf(pieces);
    this.unkId = unkId;
    this.bosId = bosId;
    this.eosId = eosId;
    this.options = Objects.requireNonNull(options, "options");
    Arrays.fill(byteIds, -1);
    pieceBytes = new byte[this.pieces.size()][];
    for (int id = 0; id < this.pieces.size(); id++) {
      Piece p = this.pieces.get(id);
      switch (p.type()) {
        case NORMAL, USER_DEFINED, UNUSED -> mergeable.putIfAbsent(p.text(), id);
        default -> reserved.putIfAbsent(p.text(), id);
      }
      if (p.type() == PieceType.USER_DEFINED) {
        userDefined.add(p.text());
      }
      if (p.type() == PieceType.BYTE) {
        int b = parseBytePiece(p.text());
        if (b < 0) {
          throw new IllegalArgumentException(
              "byte piece " + id + " is not of the form <0xNN>: " + p.text());
        }
        byteIds[b] = id;
        pieceBytes[id] = new byte[] {(byte) b};
      } else if (p.type() == PieceType.CONTROL) {
        pieceBytes[id] = new byte[0];
      } else if (p.type() == PieceType.UNKNOWN) {
        pieceBytes[id] = UNKNOWN_SURFACE.getBytes(StandardCharsets.UTF_8);
      } else {
        pieceBytes[id] = p.text().replace(SPACE_SYMBOL, ' ').getBytes(StandardCharsets.UTF_8);
      }
    }
    if (options.byteFallback()) {
      for (int b = 0; b < 256; b++) {
        if (byteIds[b] < 0) {
          throw new IllegalArgumentException(
              String.format("byte fallback is on but piece <0x%02X> is missing", b));
        }
      }
    }
    userDefined.sort((a, b) -> Integer.compare(b.length(), a.length()));
  }

  /** Parses {@code <0xNN>} to 0..255, or -1. */
  static int parseBytePiece(String s) {
    if (s.length() != 6 || !s.startsWith("<0x") || s.charAt(5) != '>') {
      return -1;
    }
    try {
      return Integer.parseInt(s.substring(3, 5), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The vocabulary entries, index = id. */
  public List<Piece> pieces() {
    return pieces;
  }

  /** The normalization switches. */
  public Options options() {
    return options;
  }

  @Override
  public int[] encode(String text, boolean addBos) {
    return encode(text, addBos, options.addDummyPrefix());
  }

  /** Encodes without the dummy prefix: the pieces spell exactly {@code text}. */
  @Override
  public int[] encodeContinuation(String text) {
    return encode(text, false, false);
  }

  private int[] encode(String text, boolean addBos, boolean dummyPrefix) {
    String normalized = normalize(text, dummyPrefix);
    List<Integer> out = new ArrayList<>();
    if (addBos) {
      out.add(bosId);
    }
    if (!normalized.isEmpty()) {
      for (String symbol : merge(normalized)) {
        emit(symbol, out);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private String normalize(String text, boolean dummyPrefix) {
    String s = text;
    if (options.removeExtraWhitespaces() && dummyPrefix) {
      s = stripSpaces(text);
    }
    if (s.isEmpty()) {
      return s;
    }
    if (dummyPrefix) {
      s = " " + s;
    }
    return s.replace(' ', SPACE_SYMBOL);
  }

  /** SentencePiece removes leading, trailing and repeated ASCII spaces only. */
  private static String stripSpaces(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    boolean lastSpace = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        if (!lastSpace) {
          sb.append(c);
        }
        lastSpace = true;
      } else {
        sb.append(c);
        lastSpace = false;
      }
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    return sb.substring(0, end);
  }

  private record Candidate(int left, int right, float score, int length) {}

  /** Initial segmentation into characters / user-defined symbols, then best-score-first merging. */
  private List<String> merge(String s) {
    int n = 0;
    int[] start = new int[s.length()];
    int[] end = new int[s.length()];
    int i = 0;
    while (i < s.length()) {
      int len = 0;
      for (String u : userDefined) {
        if (s.startsWith(u, i)) {
          len = u.length();
          break;
        }
      }
      if (len == 0) {
        len = Character.charCount(s.codePointAt(i));
      }
      start[n] = i;
      end[n] = i + len;
      n++;
      i += len;
    }
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int k = 0; k < n; k++) {
      prev[k] = k - 1;
      next[k] = k + 1 < n ? k + 1 : -1;
    }
    PriorityQueue<Candidate> agenda =
        new PriorityQueue<>(
            (a, b) -> {
              int c = Float.compare(b.score(), a.score());
              return c != 0 ? c : Integer.compare(a.left(), b.left());
            });
    for (int k = 0; k + 1 < n; k++) {
      offer(s, k, k + 1, start, end, agenda);
    }
    while (!agenda.isEmpty()) {
      Candidate top = agenda.poll();
      int l = top.left();
      int r = top.right();
      if (start[l] < 0 || start[r] < 0 || next[l] != r || end[r] - start[l] != top.length()) {
        continue;
      }
      end[l] = end[r];
      start[r] = -1;
      next[l] = next[r];
      if (next[r] >= 0) {
        prev[next[r]] = l;
      }
      if (prev[l] >= 0) {
        offer(s, prev[l], l, start, end, agenda);
      }
      if (next[l] >= 0) {
        offer(s, l, next[l], start, end, agenda);
      }
    }
    List<String> symbols = new ArrayList<>();
    for (int k = 0; k >= 0 && k < n; k = next[k]) {
      symbols.add(s.substring(start[k], end[k]));
    }
    return symbols;
  }

  private void offer(
      String s, int l, int r, int[] start, int[] end, PriorityQueue<Candidate> agenda) {
    Integer id = mergeable.get(s.substring(start[l], end[r]));
    if (id != null) {
      agenda.add(new Candidate(l, r, pieces.get(id).score(), end[r] - start[l]));
    }
  }

  private void emit(String symbol, List<Integer> out) {
    Integer id = reserved.get(symbol);
    if (id == null) {
      id = mergeable.get(symbol);
    }
    if (id != null && pieces.get(id).type() != PieceType.UNUSED) {
      out.add(id);
    } else if (options.byteFallback()) {
      for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
        out.add(byteIds[b & 0xff]);
      }
    } else if (out.isEmpty() || out.get(out.size() - 1) != unkId) {
      out.add(unkId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A run of byte-fallback pieces that is not valid UTF-8 becomes one U+FFFD per byte, as
   * Hugging Face's {@code ByteFallback} decoder writes it (llama2.c's run.c skips such bytes
   * instead).
   */
  @Override
  public String decode(int[] ids) {
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    boolean first = true;
    for (int id : ids) {
      checkId(id);
      byte[] b = pieceBytes[id];
      PieceType type = pieces.get(id).type();
      if (type == PieceType.BYTE) {
        run.writeBytes(b);
      } else {
        flushBytes(run, out);
        if (first
            && options.addDummyPrefix()
            && type != PieceType.CONTROL
            && b.length > 0
            && b[0] == ' ') {
          out.append(new String(b, 1, b.length - 1, StandardCharsets.UTF_8));
        } else {
          out.append(new String(b, StandardCharsets.UTF_8));
        }
      }
      if (type != PieceType.CONTROL) {
        first = false;
      }
    }
    flushBytes(run, out);
    return out.toString();
  }

  /** Appends a run of byte-fallback bytes: its text if valid UTF-8, else U+FFFD per byte. */
  private static void flushBytes(ByteArrayOutputStream run, StringBuilder out) {
    if (run.size() == 0) {
      return;
    }
    byte[] bytes = run.toByteArray();
    run.reset();
    try {
      out.append(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes)));
    } catch (java.nio.charset.CharacterCodingException e) {
      out.append("\uFFFD".repeat(bytes.length));
    }
  }

  private void checkId(int id) {
    if (id < 0 || id >= pieces.size()) {
      throw new IllegalArgumentException(
          "token id " + id + " outside vocabulary of " + pieces.size());
    }
  }

  @Override
  public String piece(int id) {
    checkId(id);
    return pieces.get(id).text();
  }

  @Override
  public int pieceId(String piece) {
    Integer id = mergeable.get(piece);
    if (id == null) {
      id = reserved.get(piece);
    }
    return id == null ? -1 : id;
  }

  @Override
  public int bosId() {
    return bosId;
  }

  @Override
  public int eosId() {
    return eosId;
  }

  /** The unknown-token id, or -1. */
  public int unkId() {
    return unkId;
  }

  @Override
  public int vocabSize() {
    return pieces.size();
  }
}
