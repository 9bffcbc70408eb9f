package io.palr.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BERT-style sentence encoder (mean pooling, L2 normalisation) on ONNX Runtime, with the Hugging
 * Face tokenizer (DJL's bindings of the Rust {@code tokenizers}). The model files come from the
 * classpath ({@link EncoderModel}); nothing is downloaded.
 *
 * <p>The model is loaded on the first {@link #encode} call, so a run that finds every vector in a
 * cache never pays for it. Texts are encoded by a small pool of threads, each running one
 * single-threaded inference at a time (on two cores this is faster than one two-threaded session
 * and stays fast on a busy machine). Quantized models see one text per call (see {@link
 * EncoderModel#quantized()}); float models get length-sorted padded batches.
 *
 * <p>Thread-safe. Close it to release the native session and the threads.
 */
public final class OnnxTextEncoder implements TextEncoder {
  private static final int CHUNK = 64;
  private static final long SEP = 102;

  private final EncoderModel model;
  private final int threads;
  private final int batchSize;
  private final String modelId;
  private final Object lock = new Object();
  // encode() holds the read lock, close() the write lock: the session is never closed under a run
  private final java.util.concurrent.locks.ReadWriteLock inUse =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private OrtEnvironment env;
  private OrtSession session;
  private HuggingFaceTokenizer tokenizer;
  private ExecutorService pool;
  private boolean closed;

  private OnnxTextEncoder(Builder b) {
    this.model = b.model;
    this.threads = b.threads;
    this.batchSize = model.quantized() ? 1 : b.batchSize;
    this.modelId = model.modelId();
  }

  /** A builder for the given model. */
  public static Builder builder(EncoderModel model) {
    return new Builder(model);
  }

  /** The default encoder: quantized all-MiniLM-L6-v2, one thread per core (at most 8). */
  public static OnnxTextEncoder create() {
    return builder(EncoderModel.MINILM_L6_V2_Q).build();
  }

  /** The model. */
  public EncoderModel model() {
    return model;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  @Override
  public EncodedTexts encode(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    if (texts.isEmpty()) {
      return new EncodedTexts(new float[0][], 0);
    }
    inUse.readLock().lock();
    try {
      return encodeOpen(texts);
    } finally {
      inUse.readLock().unlock();
    }
  }

  private EncodedTexts encodeOpen(List<String> texts) {
    open();
    float[][] out = new float[texts.size()][];
    AtomicInteger truncated = new AtomicInteger();
    List<Future<?>> jobs = new ArrayList<>();
    for (int s = 0; s < texts.size(); s += CHUNK) {
      int from = s;
      int to = Math.min(texts.size(), s + CHUNK);
      jobs.add(pool.submit(() -> encodeChunk(texts, from, to, out, truncated)));
    }
    try {
      for (Future<?> f : jobs) {
        f.get();
      }
    } catch (InterruptedException e) {
      jobs.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new TextEncodingException("interrupted while encoding", e);
    } catch (ExecutionException e) {
      jobs.forEach(f -> f.cancel(true));
      Throwable c = e.getCause();
      if (c instanceof TextEncodingException t) {
        throw t;
      }
      throw new TextEncodingException(model.name() + ": encoding failed: " + c, c);
    }
    return new EncodedTexts(out, truncated.get());
  }

  private Void encodeChunk(
      List<String> texts, int from, int to, float[][] out, AtomicInteger truncated)
      throws OrtException {
    int n = to - from;
    long[][] ids = new long[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = tokenize(texts.get(from + i), truncated);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
    for (int s = 0; s < n; s += batchSize) {
      int e = Math.min(n, s + batchSize);
      long[][] batch = new long[e - s][];
      for (int j = s; j < e; j++) {
        batch[j - s] = ids[order[j]];
      }
      float[][] v = run(batch);
      for (int j = s; j < e; j++) {
        out[from + order[j]] = v[j - s];
      }
    }
    return null;
  }

  /** Word-piece ids with [CLS] and [SEP], cut to the model's maximum length. */
  private long[] tokenize(String text, AtomicInteger truncated) {
    // lone surrogates cannot cross into the Rust tokenizer: round-trip through UTF-8 replaces them
    String clean = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    Encoding enc = tokenizer.encode(clean);
    long[] ids = enc.getIds();
    int max = model.maxTokens();
    if (ids.length <= max) {
      return ids;
    }
    truncated.incrementAndGet();
    long[] cut = Arrays.copyOf(ids, max);
    cut[max - 1] = SEP;
    return cut;
  }

  private float[][] run(long[][] batch) throws OrtException {
    int b = batch.length;
    int len = 0;
    for (long[] x : batch) {
      len = Math.max(len, x.length);
    }
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    for (int j = 0; j < b; j++) {
      System.arraycopy(batch[j], 0, ids, j * len, batch[j].length);
      Arrays.fill(mask, j * len, j * len + batch[j].length, 1L);
    }
    long[] shape = {b, len};
    float[][] out = new float[b][];
    try (OnnxTensor ti = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor tm = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor tt = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * len]), shape);
        OrtSession.Result r =
            session.run(Map.of("input_ids", ti, "attention_mask", tm, "token_type_ids", tt))) {
      float[][][] hidden = (float[][][]) r.get(0).getValue();
      for (int j = 0; j < b; j++) {
        out[j] = meanPool(hidden[j], batch[j].length);
      }
    }
    return out;
  }

  private static float[] meanPool(float[][] hidden, int tokens) {
    int d = hidden[0].length;
    float[] v = new float[d];
    for (int t = 0; t < tokens; t++) {
      float[] h = hidden[t];
      for (int i = 0; i < d; i++) {
        v[i] += h[i];
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
    for (int i = 0; i < d; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private void open() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("encoder is closed");
      }
      if (session != null) {
        return;
      }
      if (!model.available()) {
        throw new TextEncodingException(
            model.name()
                + ": model files not on the classpath; add the Maven artifact "
                + model.artifact());
      }
      try {
        byte[] onnx = readResource(model.onnxResource());
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
          so.setIntraOpNumThreads(1);
          so.setInterOpNumThreads(1);
          so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
          session = env.createSession(onnx, so);
        }
        try (InputStream in =
            OnnxTextEncoder.class.getResourceAsStream(model.tokenizerResource())) {
          tokenizer =
              HuggingFaceTokenizer.newInstance(
                  in,
                  Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
        }
        AtomicInteger n = new AtomicInteger();
        pool =
            Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "palr-text-encoder-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
      } catch (OrtException | IOException | RuntimeException e) {
        closeQuietly();
        throw new TextEncodingException(model.name() + ": cannot load the model: " + e, e);
      }
    }
  }

  private static byte[] readResource(String name) throws IOException {
    try (InputStream in = OnnxTextEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return in.readAllBytes();
    }
  }

  /** Releases the model; waits for running {@link #encode} calls to finish. */
  @Override
  public void close() {
    inUse.writeLock().lock();
    try {
      synchronized (lock) {
        closed = true;
        closeQuietly();
      }
    } finally {
      inUse.writeLock().unlock();
    }
  }

  private void closeQuietly() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // nothing left to release
      }
      session = null;
    }
    if (tokenizer != null) {
      tokenizer.close();
      tokenizer = null;
    }
  }

  /** Builder of {@link OnnxTextEncoder}; not thread-safe. */
  public static final class Builder {
    private final EncoderModel model;
    private int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private int batchSize = 32;

    private Builder(EncoderModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Inference threads, each single-threaded (default: the number of cores, at most 8). */
    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + n);
      }
      this.threads = n;
      return this;
    }

    /** Texts per inference call for float models (default 32; quantized models use 1). */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1: " + n);
      }
      this.batchSize = n;
      return this;
    }

    /** The encoder; the model itself is loaded on first use. */
    public OnnxTextEncoder build() {
      return new OnnxTextEncoder(this);
    }
  }
}
