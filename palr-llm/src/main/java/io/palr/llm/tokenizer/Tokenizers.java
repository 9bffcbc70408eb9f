package io.palr.llm.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a {@link Tokenizer} from a file, detecting its format from name and content. */
public final class Tokenizers {
  private Tokenizers() {}

  /**
   * Loads {@code tokenizer.json} (Hugging Face, or palr's {@link WordLevelTokenizer} format), a
   * SentencePiece {@code .model}, or a llama2.c {@code .bin}.
   *
   * @throws TokenizerFormatException if the format is unknown or the file is malformed
   * @throws IOException if it cannot be read
   */
  public static Tokenizer load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new TokenizerFormatException(file, "no such tokenizer file");
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".json")) {
      if (WordLevelTokenizer.sniff(file)) {
        return WordLevelTokenizer.load(file);
      }
      return HuggingFaceJsonTokenizer.load(file);
    }
    if (name.endsWith(".model")) {
      return SentencePieceModelReader.read(file);
    }
    if (name.endsWith(".bin")) {
      return Llama2cTokenizerReader.read(file);
    }
    byte[] head = new byte[1];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.read(head) == 1 && head[0] == '{') {
        return WordLevelTokenizer.sniff(file)
            ? WordLevelTokenizer.load(file)
            : HuggingFaceJsonTokenizer.load(file);
      }
      if (head[0] == 0x0a) {
        return SentencePieceModelReader.read(file);
      }
    }
    throw new TokenizerFormatException(
        file,
        "unknown tokenizer format (expected tokenizer.json, a SentencePiece"
            + " .model or a llama2.c tokenizer .bin)");
  }

  /**
   * Checks that a tokenizer belongs to a model: its vocabulary has exactly as many tokens as the
   * model's embedding table has rows. A larger vocabulary would feed ids the model has no embedding
   * for; a smaller one leaves the model generating ids the tokenizer cannot decode.
   *
   * @throws IllegalArgumentException naming both sizes
   */
  public static void requireMatching(Tokenizer tokenizer, io.palr.llm.model.LlamaConfig model) {
    if (tokenizer.vocabSize() != model.vocabSize()) {
      throw new IllegalArgumentException(
          "the tokenizer has "
              + tokenizer.vocabSize()
              + " tokens but the model's embedding table has "
              + model.vocabSize()
              + " rows: they do not belong together (give the model's own tokenizer)");
    }
  }
}
