package io.palr.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.output.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A word-level tokenizer trained from a corpus, for small models trained from scratch (the
 * quickstart's demo model): words, numbers, punctuation and whitespace characters become tokens, so
 * a prompt with fifty item titles stays a few hundred tokens long.
 *
 * <p>Pre-tokenization: text is cut into runs of letters, runs of digits and single other characters
 * (punctuation, newlines...). A single space before such a piece is folded into it as the marker
 * {@code ▁} (as SentencePiece does), so {@code "the Silent Comet"} becomes {@code [the, ▁Silent,
 * ▁Comet]} and decoding is exact. A word or number that is not in the vocabulary falls back to
 * {@code ▁} plus its characters (rare numbers become single digits); every character seen in
 * training is in the vocabulary, so only characters never seen become {@code <unk>}.
 *
 * <p>Ids 0-3 are {@code <unk>}, {@code <s>}, {@code </s>}, {@code <pad>} (LLaMA's unk/bos/eos
 * order). The file format (conventionally {@code tokenizer.json} in a model folder, recognised by
 * {@link Tokenizers#load}) is a JSON object:
 *
 * <pre>{"format": "palr-word-level", "version": 1, "min_count": 2,
 *  "pieces": ["&lt;unk&gt;", "&lt;s&gt;", "&lt;/s&gt;", "&lt;pad&gt;", "▁", "!", ..., "▁the", ...]}
 * </pre>
 *
 * where a piece's id is its index. It is not a Hugging Face tokenizer.json; Python tools cannot
 * read it.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordLevelTokenizer implements Tokenizer {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "palr-word-level";

  /** The marker of a preceding space. */
  public static final String SPACE = "\u2581";

  /** The unknown-token id. */
  public static final int UNK = 0;

  /** The beginning-of-sequence id. */
  public static final int BOS = 1;

  /** The end-of-sequence id. */
  public static final int EOS = 2;

  /** The padding id. */
  public static final int PAD = 3;

  private static final List<String> SPECIALS = List.of("<unk>", "<s>", "</s>", "<pad>");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String[] pieces;
  private final Map<String, Integer> ids;
  private final int minCount;

  private WordLevelTokenizer(List<String> pieces, int minCount) {
    this.pieces = pieces.toArray(new String[0]);
    this.ids = new HashMap<>();
    for (int i = 0; i < this.pieces.length; i++) {
      if (ids.putIfAbsent(this.pieces[i], i) != null) {
        throw new IllegalArgumentException("duplicate piece '" + this.pieces[i] + "'");
      }
    }
    this.minCount = minCount;
  }

  /**
   * Builds a vocabulary from texts: the special tokens, {@code ▁}, every character seen, and every
   * word piece (with or without the space marker) seen at least {@code minCount} times.
   * Deterministic: words are ordered by falling count, then by text.
   *
   * @param texts the training texts (e.g. all prompts and responses)
   * @param minCount the minimum count of a word piece (1 keeps all)
   * @return the tokenizer
   */
  public static WordLevelTokenizer train(Iterable<String> texts, int minCount) {
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be >= 1: " + minCount);
    }
    Map<String, Integer> counts = new HashMap<>();
    TreeSet<String> chars = new TreeSet<>();
    for (String text : texts) {
      for (String piece : split(text)) {
        counts.merge(piece, 1, Integer::sum);
        String body = piece.startsWith(SPACE) ? piece.substring(SPACE.length()) : piece;
        body.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
      }
    }
    chars.remove(SPACE);
    List<String> vocab = new ArrayList<>(SPECIALS);
    vocab.add(SPACE);
    for (String c : chars) {
      if (!SPECIALS.contains(c)) {
        vocab.add(c);
      }
    }
    java.util.Set<String> taken = new java.util.HashSet<>(vocab);
    counts.entrySet().stream()
        .filter(e -> e.getValue() >= minCount && !taken.contains(e.getKey()))
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> vocab.add(e.getKey()));
    return new WordLevelTokenizer(vocab, minCount);
  }

  /** Cuts text into word pieces (before the vocabulary lookup); see the class comment. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      boolean marker = false;
      if (text.charAt(i) == ' ' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
        marker = true;
        i++;
      }
      int cp = text.codePointAt(i);
      int end = i + Character.charCount(cp);
      if (Character.isLetter(cp) || Character.isDigit(cp)) {
        boolean letters = Character.isLetter(cp);
        while (end < n
            && (letters
                ? Character.isLetter(text.codePointAt(end))
                : Character.isDigit(text.codePointAt(end)))) {
          end += Character.charCount(text.codePointAt(end));
        }
      }
      String body = text.substring(i, end);
      if (!marker && body.equals(" ")) {
        out.add(SPACE);
      } else {
        out.add(marker ? SPACE + body : body);
      }
      i = end;
    }
    return out;
  }

  /**
   * Reads a tokenizer file written by {@link #save}.
   *
   * @throws TokenizerFormatException if it is not valid JSON in this format
   */
  public static WordLevelTokenizer load(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new TokenizerFormatException(file, "not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new TokenizerFormatException(file, "field 'format' is not '" + FORMAT + "'");
    }
    if (root.path("version").asInt(-1) != 1) {
      throw new TokenizerFormatException(file, "unsupported version " + root.path("version"));
    }
    JsonNode arr = root.get("pieces");
    if (arr == null || !arr.isArray()) {
      throw new TokenizerFormatException(file, "missing 'pieces' array");
    }
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!arr.get(i).isTextual() || arr.get(i).asText().isEmpty()) {
        throw new TokenizerFormatException(file, "pieces[" + i + "] is not a non-empty string");
      }
      pieces.add(arr.get(i).asText());
    }
    if (pieces.size() < SPECIALS.size() + 1
        || !pieces.subList(0, SPECIALS.size()).equals(SPECIALS)
        || !pieces.get(SPECIALS.size()).equals(SPACE)) {
      throw new TokenizerFormatException(
          file, "pieces must start with " + SPECIALS + " and " + SPACE);
    }
    try {
      return new WordLevelTokenizer(pieces, root.path("min_count").asInt(1));
    } catch (IllegalArgumentException e) {
      throw new TokenizerFormatException(file, e.getMessage(), e);
    }
  }

  /**
   * Whether {@code file} starts like a file of this format (checked by {@link Tokenizers#load}).
   */
  static boolean sniff(Path file) throws IOException {
    byte[] head = new byte[256];
    int n;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return new String(head, 0, n, StandardCharsets.UTF_8)
        .replace(" ", "")
        .contains("\"format\":\"" + FORMAT + "\"");
  }

  /** Writes the vocabulary to {@code file} (atomically: a temporary file, then a move). */
  public void save(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", 1);
    root.put("min_count", minCount);
    ArrayNode arr = root.putArray("pieces");
    for (String p : pieces) {
      arr.add(p);
    }
    AtomicOutput.writeFile(
        file,
        tmp ->
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)),
        tmp -> JSON.readTree(tmp.toFile()));
  }

  @Override
  public int[] encode(String text, boolean addBos) {
    Objects.requireNonNull(text, "text");
    List<Integer> out = new ArrayList<>();
    if (addBos) {
      out.add(BOS);
    }
    for (String piece : split(text)) {
      Integer id = ids.get(piece);
      if (id != null) {
        out.add(id);
        continue;
      }
      String body = piece;
      if (piece.startsWith(SPACE)) {
        out.add(ids.get(SPACE));
        body = piece.substring(SPACE.length());
      }
      body.codePoints()
          .forEach(cp -> out.add(ids.getOrDefault(new String(Character.toChars(cp)), UNK)));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public String decode(int[] tokenIds) {
    StringBuilder sb = new StringBuilder();
    for (int id : tokenIds) {
      if (id == BOS || id == EOS || id == PAD) {
        continue;
      }
      if (id == UNK || id < 0 || id >= pieces.length) {
        sb.append('\uFFFD');
        continue;
      }
      sb.append(pieces[id].replace(SPACE, " "));
    }
    return sb.toString();
  }

  @Override
  public String piece(int id) {
    if (id < 0 || id >= pieces.length) {
      throw new IllegalArgumentException(
          "token id " + id + " not in vocabulary of " + pieces.length);
    }
    return pieces[id];
  }

  @Override
  public int pieceId(String piece) {
    return ids.getOrDefault(piece, -1);
  }

  @Override
  public int bosId() {
    return BOS;
  }

  @Override
  public int eosId() {
    return EOS;
  }

  /** The padding id. */
  public int padId() {
    return PAD;
  }

  @Override
  public int vocabSize() {
    return pieces.length;
  }

  /** The minimum word count used when training. */
  public int minCount() {
    return minCount;
  }

  /** Pieces ordered by id (a copy). */
  public List<String> pieces() {
    return List.of(pieces);
  }

  @Override
  public String toString() {
    return "WordLevelTokenizer[" + pieces.length + " pieces, min count " + minCount + "]";
  }
}
