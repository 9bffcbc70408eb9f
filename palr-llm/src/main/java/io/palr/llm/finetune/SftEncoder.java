package io.palr.llm.finetune;

import io.palr.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns {@link SftExample}s into {@link TokenizedExample}s: {@code [BOS] + encode(prompt) +
 * encode(response) + [EOS]}, with prompt and response encoded separately so that the boundary
 * between context and target is exact (with a SentencePiece tokenizer the response then starts with
 * a word-initial piece, as generation after the prompt does). Over-long examples are handled by the
 * {@link TruncationPolicy}.
 */
public final class SftEncoder {
  private final Tokenizer tokenizer;
  private final int maxLength;
  private final TruncationPolicy policy;

  /**
   * Creates an encoder.
   *
   * @param tokenizer the model's tokenizer (must define BOS and EOS)
   * @param maxLength the maximum number of ids per example, BOS and EOS included
   * @param policy what to do with longer examples
   */
  public SftEncoder(Tokenizer tokenizer, int maxLength, TruncationPolicy policy) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.policy = Objects.requireNonNull(policy, "policy");
    if (maxLength < 3) {
      throw new IllegalArgumentException("maxLength must be >= 3: " + maxLength);
    }
    if (tokenizer.bosId() < 0 || tokenizer.eosId() < 0) {
      throw new IllegalArgumentException(
          "the tokenizer defines no BOS/EOS token (bos="
              + tokenizer.bosId()
              + ", eos="
              + tokenizer.eosId()
              + ")");
    }
    this.maxLength = maxLength;
  }

  /** The outcome of encoding a list: the examples kept, and how many were truncated or skipped. */
  public record Encoded(List<TokenizedExample> examples, int truncated, int skipped, long tokens) {}

  /**
   * Encodes one example.
   *
   * @return the encoded example, or null when it must be skipped
   */
  public TokenizedExample encode(SftExample example) {
    return encode(example, new boolean[1]);
  }

  private TokenizedExample encode(SftExample example, boolean[] truncated) {
    int[] prompt = tokenizer.encode(example.prompt(), true);
    int[] response = tokenizer.encode(example.response(), false);
    int total = prompt.length + response.length + 1;
    int keepPrompt = prompt.length;
    if (total > maxLength) {
      if (policy == TruncationPolicy.SKIP || response.length + 2 > maxLength) {
        return null;
      }
      keepPrompt = maxLength - response.length - 1;
      truncated[0] = true;
    }
    int[] ids = new int[keepPrompt + response.length + 1];
    ids[0] = prompt[0];
    // left truncation keeps BOS and the last keepPrompt - 1 prompt tokens
    System.arraycopy(prompt, prompt.length - (keepPrompt - 1), ids, 1, keepPrompt - 1);
    System.arraycopy(response, 0, ids, keepPrompt, response.length);
    ids[ids.length - 1] = tokenizer.eosId();
    return new TokenizedExample(ids, keepPrompt);
  }

  /** Encodes a list, dropping (and counting) examples the policy skips. */
  public Encoded encodeAll(List<SftExample> examples) {
    List<TokenizedExample> out = new ArrayList<>(examples.size());
    int truncated = 0;
    int skipped = 0;
    long tokens = 0;
    boolean[] cut = new boolean[1];
    for (SftExample e : examples) {
      cut[0] = false;
      TokenizedExample t = encode(e, cut);
      if (t == null) {
        skipped++;
        continue;
      }
      if (cut[0]) {
        truncated++;
      }
      tokens += t.ids().length;
      out.add(t);
    }
    return new Encoded(List.copyOf(out), truncated, skipped, tokens);
  }
}
