package io.palr.llm;

import ai.djl.ndarray.types.DataType;
import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel;
import io.palr.llm.decode.ConstrainedDecoder;
import io.palr.llm.decode.ContinuationScorer;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.Generation;
import io.palr.llm.decode.Generator;
import io.palr.llm.decode.TokenListener;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link LanguageModel} over an in-JVM LLaMA-family model on DJL's PyTorch engine.
 *
 * <p><b>Threading:</b> one fair lock serializes all calls (a single model instance has one set of
 * weights and the engine already uses all cores per op; batching happens inside a call: {@link
 * #generate} decodes up to {@code maxBatch} prompts together). For parallel throughput, batch
 * prompts into one call.
 *
 * <p><b>Tokenization of items:</b> the prompt is encoded alone with BOS; candidates, separators and
 * continuations are encoded alone with {@link Tokenizer#encodeContinuation} (no BOS, no
 * dummy-prefix space), so the token stream spells exactly {@code prompt + item + separator + item
 * ...}. Constrained choice and scoring use the same segmentation, so their likelihoods agree. It
 * can differ from tokenizing the concatenated text jointly where a merge would cross the boundary;
 * put the space that precedes an item in the item (or separator), not at the end of the prompt.
 *
 * <p><b>Stopping:</b> generation stops at EOS and at BOS (llama2.c models mark document boundaries
 * with BOS).
 */
public final class LlamaLanguageModel implements LanguageModel {
  /** The smallest decoding batch {@link #open} uses. */
  public static final int DEFAULT_BATCH = 8;

  private final String name;
  private final LlamaModel model;
  private final InferenceModel inference;
  private final Tokenizer tokenizer;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock(true);
  private boolean closed;

  /**
   * Wraps a loaded model; this object takes ownership of the model and (if closeable) the
   * tokenizer.
   *
   * @param name provenance name
   * @param model the model
   * @param tokenizer its tokenizer
   * @param maxBatch prompts or continuations per forward
   */
  public LlamaLanguageModel(String name, LlamaModel model, Tokenizer tokenizer, int maxBatch) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1");
    }
    this.maxBatch = maxBatch;
    if (tokenizer.vocabSize() > model.config().vocabSize()) {
      throw new IllegalArgumentException(
          "tokenizer has "
              + tokenizer.vocabSize()
              + " tokens but the model only "
              + model.config().vocabSize());
    }
    DataType type = model.dataType() == DataType.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32;
    this.inference = new InferenceModel(model, type);
  }

  /**
   * Loads a model and its tokenizer.
   *
   * @param modelPath a Hugging Face folder or a llama2.c {@code .bin}
   * @param tokenizerPath a tokenizer file, or null for {@link LlamaModels#defaultTokenizer}
   * @param options load options; prompts and continuations are batched up to {@code max(8,
   *     options.maxBatch())} per forward (caches are sized to the actual prompts, so this costs
   *     memory only when used)
   * @throws IOException if a file is missing or malformed (typed exceptions name the file)
   */
  public static LlamaLanguageModel open(Path modelPath, Path tokenizerPath, LoadOptions options)
      throws IOException {
    Tokenizer tok =
        Tokenizers.load(
            tokenizerPath != null ? tokenizerPath : LlamaModels.defaultTokenizer(modelPath));
    LlamaModel m;
    try {
      m = LlamaModels.load(modelPath, options);
    } catch (IOException | RuntimeException e) {
      closeQuietly(tok);
      throw e;
    }
    try {
      Path fileName = modelPath.toAbsolutePath().normalize().getFileName();
      return new LlamaLanguageModel(
          "llama:" + (fileName == null ? modelPath : fileName),
          m,
          tok,
          Math.max(DEFAULT_BATCH, options.maxBatch()));
    } catch (RuntimeException e) {
      m.close();
      closeQuietly(tok);
      throw e;
    }
  }

  private static void closeQuietly(Tokenizer tok) {
    try {
      tok.close();
    } catch (RuntimeException ignored) {
      // best effort on an error path
    }
  }

  /** The tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The underlying model (do not modify it while this wrapper is in use). */
  public LlamaModel model() {
    return model;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CONSTRAINED_CHOICE, Capability.CONTINUATION_SCORING);
  }

  @Override
  public int contextLength() {
    return model.config().maxPositions();
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text, false).length;
  }

  /** The default stop tokens: EOS and BOS. */
  public Set<Integer> stopTokens() {
    Set<Integer> s = new LinkedHashSet<>();
    if (tokenizer.eosId() >= 0) {
      s.add(tokenizer.eosId());
    }
    if (tokenizer.bosId() >= 0) {
      s.add(tokenizer.bosId());
    }
    return s;
  }

  @Override
  public List<String> generate(List<String> prompts, GenerationOptions options) {
    List<String> out = new ArrayList<>();
    for (Generation g : generate(prompts, DecodeSettings.from(options, stopTokens()), null)) {
      out.add(g.text());
    }
    return out;
  }

  /**
   * A view of this model whose {@link #generate(List, GenerationOptions)} also applies the given
   * logit processors (e.g. {@link io.palr.llm.decode.NoRepeatNgramProcessor}); everything else is
   * this model's. The view shares this model's weights and lifetime: closing the view does nothing,
   * closing this model closes both.
   *
   * @param processors applied after those of the options, in order
   */
  public LanguageModel withLogitProcessors(List<io.palr.llm.decode.LogitProcessor> processors) {
    List<io.palr.llm.decode.LogitProcessor> extra = List.copyOf(processors);
    LlamaLanguageModel self = this;
    return new LanguageModel() {
      @Override
      public String name() {
        return self.name() + extra;
      }

      @Override
      public Set<Capability> capabilities() {
        return self.capabilities();
      }

      @Override
      public int contextLength() {
        return self.contextLength();
      }

      @Override
      public int countTokens(String text) {
        return self.countTokens(text);
      }

      @Override
      public List<String> generate(List<String> prompts, GenerationOptions options) {
        List<String> out = new ArrayList<>();
        for (Generation g :
            self.generate(
                prompts, DecodeSettings.from(options, stopTokens()).withProcessors(extra), null)) {
          out.add(g.text());
        }
        return out;
      }

      @Override
      public int[] chooseConstrained(
          String prompt, List<String> options, int count, String separator) {
        return self.chooseConstrained(prompt, options, count, separator);
      }

      @Override
      public double[] scoreContinuations(String prompt, List<String> continuations) {
        return self.scoreContinuations(prompt, continuations);
      }

      @Override
      public void close() {
        // the view owns nothing
      }
    };
  }

  /**
   * Generates with full control: logit processors, stop tokens, streaming.
   *
   * @param prompts prompt texts (BOS is prepended)
   * @param settings decoding settings
   * @param listener streaming callback (row index is the index into {@code prompts}), or null
   */
  public List<Generation> generate(
      List<String> prompts, DecodeSettings settings, TokenListener listener) {
    lock.lock();
    try {
      checkOpen();
      Generator g = new Generator(inference, tokenizer);
      List<Generation> out = new ArrayList<>();
      for (int start = 0; start < prompts.size(); start += maxBatch) {
        List<int[]> chunk = new ArrayList<>();
        for (String p : prompts.subList(start, Math.min(prompts.size(), start + maxBatch))) {
          chunk.add(tokenizer.encode(p, true));
        }
        int offset = start;
        out.addAll(
            g.generate(
                chunk,
                settings,
                listener == null
                    ? null
                    : (row, token, delta) -> listener.onToken(row + offset, token, delta)));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int[] chooseConstrained(String prompt, List<String> options, int count, String separator) {
    lock.lock();
    try {
      checkOpen();
      List<int[]> candidates = new ArrayList<>();
      for (String o : options) {
        int[] t = tokenizer.encodeContinuation(o);
        if (t.length == 0) {
          throw new IllegalArgumentException("option '" + o + "' encodes to no tokens");
        }
        candidates.add(t);
      }
      int wanted = Math.min(count, options.size());
      if (wanted <= 0) {
        return new int[0];
      }
      ConstrainedDecoder.Result r =
          new ConstrainedDecoder(inference)
              .choose(
                  tokenizer.encode(prompt, true),
                  candidates,
                  wanted,
                  tokenizer.encodeContinuation(separator),
                  tokenizer.eosId());
      int[] chosen = java.util.Arrays.copyOf(r.chosen(), wanted);
      // options with identical tokens to a chosen one are unreachable in the trie; fill up in input
      // order
      int n = r.chosen().length;
      for (int i = 0; i < options.size() && n < wanted; i++) {
        final int idx = i;
        if (java.util.Arrays.stream(chosen, 0, n).noneMatch(c -> c == idx)) {
          chosen[n++] = i;
        }
      }
      return chosen;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public double[] scoreContinuations(String prompt, List<String> continuations) {
    lock.lock();
    try {
      checkOpen();
      List<int[]> c = new ArrayList<>();
      for (String s : continuations) {
        c.add(tokenizer.encodeContinuation(s));
      }
      return new ContinuationScorer(inference, maxBatch).score(tokenizer.encode(prompt, true), c);
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        inference.close();
        model.close();
        closeQuietly(tokenizer);
      }
    } finally {
      lock.unlock();
    }
  }
}
