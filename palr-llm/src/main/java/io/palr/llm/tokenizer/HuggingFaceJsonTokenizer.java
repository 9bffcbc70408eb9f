package io.palr.llm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} through DJL's native tokenizers binding. Special tokens are
 * never added by the native encoder (BOS is prepended here, so that {@code addBos} means the same
 * for every {@link Tokenizer}); the vocabulary (pieces and ids, including added tokens) is read
 * from the JSON with Jackson, since the binding exposes neither. BOS/EOS come from {@code
 * tokenizer_config.json} beside the file when present, else from the pieces {@code <s>} / {@code
 * </s>} (or {@code <|begin_of_text|>} / {@code <|end_of_text|>}).
 *
 * <p>Holds a native handle: {@link #close()} it. Thread-safe (the native tokenizer is).
 */
public final class HuggingFaceJsonTokenizer implements Tokenizer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HuggingFaceTokenizer delegate;
  private final Map<String, Integer> ids = new HashMap<>();
  private final String[] pieces;
  private final int bos;
  private final int eos;

  private HuggingFaceJsonTokenizer(
      HuggingFaceTokenizer delegate, Map<String, Integer> vocab, int bos, int eos) {
    this.delegate = delegate;
    this.ids.putAll(vocab);
    int size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    this.pieces = new String[size];
    vocab.forEach((p, id) -> pieces[id] = p);
    this.bos = bos;
    this.eos = eos;
  }

  /**
   * Loads a {@code tokenizer.json}.
   *
   * @throws TokenizerFormatException if the JSON has no vocabulary or the native library rejects it
   * @throws IOException if it cannot be read
   */
  public static HuggingFaceJsonTokenizer load(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new TokenizerFormatException(file, "not valid JSON: " + e.getMessage(), e);
    }
    JsonNode vocab = root == null ? null : root.path("model").get("vocab");
    if (vocab == null || !vocab.isObject()) {
      throw new TokenizerFormatException(
          file,
          "no model.vocab object: not a Hugging Face tokenizer.json with a"
              + " BPE/WordPiece/WordLevel vocabulary");
    }
    Map<String, Integer> map = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue().asInt());
    }
    for (JsonNode added : root.path("added_tokens")) {
      map.put(added.path("content").asText(), added.path("id").asInt());
    }
    Map<String, String> special = specialTokens(file.resolveSibling("tokenizer_config.json"));
    int bos = firstId(map, special.get("bos_token"), "<s>", "<|begin_of_text|>");
    int eos = firstId(map, special.get("eos_token"), "</s>", "<|end_of_text|>", "<|endoftext|>");
    HuggingFaceTokenizer native_;
    try {
      native_ =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (RuntimeException e) {
      throw new TokenizerFormatException(
          file, "rejected by the tokenizers library: " + e.getMessage(), e);
    }
    return new HuggingFaceJsonTokenizer(native_, map, bos, eos);
  }

  private static Map<String, String> specialTokens(Path config) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (Files.isRegularFile(config)) {
      JsonNode c = JSON.readTree(config.toFile());
      for (String key : new String[] {"bos_token", "eos_token"}) {
        JsonNode v = c.get(key);
        if (v != null && v.isTextual()) {
          out.put(key, v.asText());
        } else if (v != null && v.has("content")) {
          out.put(key, v.get("content").asText());
        }
      }
    }
    return out;
  }

  private static int firstId(Map<String, Integer> map, String... candidates) {
    for (String c : candidates) {
      if (c != null && map.containsKey(c)) {
        return map.get(c);
      }
    }
    return -1;
  }

  @Override
  public int[] encode(String text, boolean addBos) {
    long[] raw = delegate.encode(text, false, false).getIds();
    int offset = addBos && bos >= 0 ? 1 : 0;
    int[] out = new int[raw.length + offset];
    if (offset == 1) {
      out[0] = bos;
    }
    for (int i = 0; i < raw.length; i++) {
      out[i + offset] = Math.toIntExact(raw[i]);
    }
    return out;
  }

  @Override
  public String decode(int[] tokenIds) {
    long[] l = new long[tokenIds.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = tokenIds[i];
    }
    return delegate.decode(l, true);
  }

  @Override
  public String piece(int id) {
    if (id < 0 || id >= pieces.length || pieces[id] == null) {
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
    return bos;
  }

  @Override
  public int eosId() {
    return eos;
  }

  @Override
  public int vocabSize() {
    return pieces.length;
  }

  /** Releases the native tokenizer. */
  @Override
  public void close() {
    delegate.close();
  }
}
