package io.palr.llm.decode;

import ai.djl.ndarray.NDManager;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.KvCache;
import io.palr.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The decoding loop: one batched prefill of left-padded prompts (each row keeps its own positions),
 * then one cached forward per step for the whole batch, with sampling, logit processors, stop
 * tokens, stop strings, token limits and streaming done in Java on the copied logits.
 *
 * <p>The longest prompt bounds the batch: every row may generate at most {@code context -
 * longestPrompt + 1} tokens. Not thread-safe (serialize calls, as {@code LlamaLanguageModel} does).
 */
public final class Generator {
  private final InferenceModel model;
  private final Tokenizer tokenizer;

  /** Creates a generator over a model and its tokenizer. */
  public Generator(InferenceModel model, Tokenizer tokenizer) {
    this.model = Objects.requireNonNull(model, "model");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  private static final class Row {
    final int[] prompt;
    final int[] gen;
    final Sampler sampler;
    int count;
    boolean done;
    FinishReason reason;
    String text = "";
    int emitted;

    Row(int[] prompt, int max, Sampler sampler) {
      this.prompt = prompt;
      this.gen = new int[max];
      this.sampler = sampler;
    }
  }

  /**
   * Generates continuations of token prompts.
   *
   * @param prompts token ids per row (usually starting with BOS), each non-empty
   * @param settings sampling and stopping
   * @param listener streaming callback, or null
   * @return one result per prompt
   * @throws ContextOverflowException if a prompt leaves no room in the context
   */
  public List<Generation> generate(
      List<int[]> prompts, DecodeSettings settings, TokenListener listener) {
    int b = prompts.size();
    if (b == 0) {
      return List.of();
    }
    int context = model.config().maxPositions();
    int maxLen = 0;
    for (int[] p : prompts) {
      if (p.length == 0) {
        throw new IllegalArgumentException("empty prompt: encode with BOS");
      }
      maxLen = Math.max(maxLen, p.length);
    }
    if (maxLen > context) {
      throw new ContextOverflowException("a prompt of " + maxLen + " tokens", maxLen, context);
    }
    int room = context - maxLen + 1;
    int maxNew = Math.min(settings.maxTokens(), room);
    Row[] rows = new Row[b];
    int[] pad = new int[b];
    int[] flat = new int[b * maxLen];
    for (int r = 0; r < b; r++) {
      int[] p = prompts.get(r);
      pad[r] = maxLen - p.length;
      System.arraycopy(p, 0, flat, r * maxLen + pad[r], p.length);
      rows[r] =
          new Row(
              p.clone(),
              maxNew,
              new Sampler(
                  settings.temperature(), settings.topK(), settings.topP(), settings.seed() + r));
    }
    int maxStop = settings.stopStrings().stream().mapToInt(String::length).max().orElse(0);
    // text is only needed per step for stop strings and streaming; otherwise it is decoded once at
    // the end
    boolean textPerStep = listener != null || !settings.stopStrings().isEmpty();
    int vocab = model.config().vocabSize();
    try (KvCache cache = model.newCache(pad, maxLen + maxNew - 1)) {
      float[] logits;
      try (NDManager step = model.newStepManager()) {
        logits = model.prefill(step, flat, maxLen, cache).toFloatArray();
      }
      int[] next = new int[b];
      for (int i = 0; i < maxNew; i++) {
        boolean anyActive = false;
        for (int r = 0; r < b; r++) {
          Row row = rows[r];
          if (row.done) {
            next[r] = 0;
            continue;
          }
          float[] l = Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
          for (LogitProcessor p : settings.processors()) {
            p.process(r, row.gen, row.count, l);
          }
          int token = row.sampler.sample(l);
          next[r] = token;
          if (settings.stopTokens().contains(token)) {
            if (!textPerStep) {
              row.text =
                  tokenizer.decodeContinuation(row.prompt, Arrays.copyOf(row.gen, row.count));
            }
            finish(row, r, FinishReason.STOP_TOKEN, listener);
            continue;
          }
          row.gen[row.count++] = token;
          if (!textPerStep) {
            if (row.count == maxNew) {
              row.text =
                  tokenizer.decodeContinuation(row.prompt, Arrays.copyOf(row.gen, row.count));
              finish(
                  row,
                  r,
                  maxNew < settings.maxTokens()
                      ? FinishReason.CONTEXT_FULL
                      : FinishReason.MAX_TOKENS,
                  null);
            } else {
              anyActive = true;
            }
            continue;
          }
          row.text = tokenizer.decodeContinuation(row.prompt, Arrays.copyOf(row.gen, row.count));
          int cut = firstStop(row.text, settings.stopStrings(), Math.max(0, row.emitted - maxStop));
          if (cut >= 0) {
            row.text = row.text.substring(0, cut);
            emit(row, r, token, row.text.length(), listener);
            finish(row, r, FinishReason.STOP_STRING, listener);
            continue;
          }
          if (row.count == maxNew) {
            emit(row, r, token, row.text.length(), listener);
            finish(
                row,
                r,
                maxNew < settings.maxTokens() ? FinishReason.CONTEXT_FULL : FinishReason.MAX_TOKENS,
                listener);
            continue;
          }
          emit(row, r, token, safeLength(row.text, settings.stopStrings()), listener);
          anyActive = true;
        }
        if (!anyActive) {
          break;
        }
        try (NDManager step = model.newStepManager()) {
          logits = model.forward(step, next, 1, cache, false).toFloatArray();
        }
      }
    }
    List<Generation> out = new ArrayList<>(b);
    for (Row row : rows) {
      out.add(new Generation(Arrays.copyOf(row.gen, row.count), row.text, row.reason));
    }
    return out;
  }

  private static void emit(Row row, int r, int token, int upTo, TokenListener listener) {
    if (listener == null) {
      row.emitted = Math.max(row.emitted, upTo);
      return;
    }
    String delta = upTo > row.emitted ? row.text.substring(row.emitted, upTo) : "";
    row.emitted = Math.max(row.emitted, upTo);
    listener.onToken(r, token, delta);
  }

  private static void finish(Row row, int r, FinishReason reason, TokenListener listener) {
    row.done = true;
    row.reason = reason;
    if (listener != null && row.emitted < row.text.length()) {
      listener.onToken(r, -1, row.text.substring(row.emitted));
    }
    row.emitted = row.text.length();
  }

  private static int firstStop(String text, List<String> stops, int from) {
    int best = -1;
    for (String s : stops) {
      int i = text.indexOf(s, from);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Text that is final: not ending in an incomplete character nor in a possible start of a stop
   * string.
   */
  private static int safeLength(String text, List<String> stops) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
      end--;
    }
    int hold = 0;
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, end); k > hold; k--) {
        if (text.regionMatches(end - k, s, 0, k)) {
          hold = k;
          break;
        }
      }
    }
    return end - hold;
  }
}
