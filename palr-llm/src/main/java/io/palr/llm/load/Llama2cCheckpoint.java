package io.palr.llm.load;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.palr.llm.model.Linear;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaLayer;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Reads a llama2.c ({@code run.c}) legacy float32 checkpoint: a header of 7 int32 (dim, hidden_dim,
 * n_layers, n_heads, n_kv_heads, vocab_size (negative: separate classifier), seq_len), then
 * token_embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, two unused RoPE tables,
 * and the classifier if not shared. Query and key rows are permuted per head from Meta's
 * interleaved rotary pairs {@code (2i, 2i+1)} to Hugging Face's rotate-half layout, so the same
 * model code serves both formats. Tensors are mapped one by one, so files over 2 GiB work.
 */
public final class Llama2cCheckpoint {
  private static final int HEADER_BYTES = 28;

  private Llama2cCheckpoint() {}

  /**
   * Reads the header into a config (rms eps 1e-5, rope theta 10000, BOS 1, EOS 2 as in run.c).
   *
   * @throws ModelFormatException if the header is implausible or the file size does not match it
   */
  public static LlamaConfig readConfig(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return config(file, ch);
    }
  }

  private static LlamaConfig config(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < HEADER_BYTES) {
      throw new ModelFormatException(
          file, "header", "file of " + size + " bytes is shorter than the 28-byte header");
    }
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    ch.read(h, 0);
    h.flip();
    int dim = h.getInt();
    int hidden = h.getInt();
    int layers = h.getInt();
    int heads = h.getInt();
    int kvHeads = h.getInt();
    int vocab = h.getInt();
    int seqLen = h.getInt();
    if (dim == 0x616b3432) {
      throw new ModelFormatException(
          file,
          "header",
          "llama2.c export version 1/2 (magic 'ak42') is not supported;"
              + " use the legacy version 0 export");
    }
    boolean shared = vocab > 0;
    vocab = Math.abs(vocab);
    if (dim <= 0
        || hidden <= 0
        || layers <= 0
        || heads <= 0
        || kvHeads <= 0
        || vocab <= 0
        || seqLen <= 0
        || dim > 1 << 16
        || hidden > 1 << 18
        || layers > 1024
        || vocab > 1 << 20
        || seqLen > 1 << 20
        || dim % heads != 0
        || heads % kvHeads != 0) {
      throw new ModelFormatException(
          file,
          "header",
          String.format(
              "implausible header dim=%d hidden_dim=%d n_layers=%d n_heads=%d n_kv_heads=%d vocab=%d seq_len=%d",
              dim, hidden, layers, heads, kvHeads, vocab, seqLen));
    }
    int headDim = dim / heads;
    LlamaConfig c =
        new LlamaConfig(
            dim, hidden, layers, heads, kvHeads, headDim, vocab, seqLen, 1e-5, 10000.0, shared, 1,
            2);
    long expected =
        HEADER_BYTES + 4L * (floatsBeforeClassifier(c) + (shared ? 0 : (long) vocab * dim));
    if (size != expected) {
      throw new ModelFormatException(
          file,
          null,
          "size "
              + size
              + " bytes but the header implies "
              + expected
              + (size < expected ? " (truncated?)" : ""));
    }
    return c;
  }

  private static long floatsBeforeClassifier(LlamaConfig c) {
    long d = c.hiddenSize();
    long kv = (long) c.numKvHeads() * c.headDim();
    long l = c.numLayers();
    return c.vocabSize() * d
        + l * d
        + l * d * d
        + 2 * l * d * kv
        + l * d * d
        + l * d
        + 3 * l * d * c.intermediateSize()
        + d
        + (long) c.maxPositions() * c.headDim();
  }

  /**
   * Loads the checkpoint.
   *
   * @param writable copy weights instead of mapping them
   */
  static LlamaModel load(
      Path file, LlamaConfig override, NDManager manager, DataType type, boolean writable)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      LlamaConfig c = config(file, ch);
      Reader r = new Reader(file, ch, manager, type, writable);
      long d = c.hiddenSize();
      long kv = (long) c.numKvHeads() * c.headDim();
      long ff = c.intermediateSize();
      int nl = c.numLayers();
      NDArray embed = r.next(c.vocabSize(), d);
      NDArray[] rmsAtt = r.perLayer(nl, d);
      NDArray[] wq = r.perLayerRotateHalf(nl, c.numHeads(), c.headDim(), d);
      NDArray[] wk = r.perLayerRotateHalf(nl, c.numKvHeads(), c.headDim(), d);
      NDArray[] wv = r.perLayer(nl, kv, d);
      NDArray[] wo = r.perLayer(nl, d, d);
      NDArray[] rmsFfn = r.perLayer(nl, d);
      NDArray[] w1 = r.perLayer(nl, ff, d);
      NDArray[] w2 = r.perLayer(nl, d, ff);
      NDArray[] w3 = r.perLayer(nl, ff, d);
      NDArray rmsFinal = r.next(d);
      r.skip((long) c.maxPositions() * c.headDim());
      NDArray cls = c.tieWordEmbeddings() ? null : r.next(c.vocabSize(), d);
      List<LlamaLayer> layers = new ArrayList<>();
      for (int i = 0; i < nl; i++) {
        String p = "model.layers." + i + ".";
        layers.add(
            new LlamaLayer(
                rmsAtt[i],
                new Linear(p + "self_attn.q_proj", wq[i]),
                new Linear(p + "self_attn.k_proj", wk[i]),
                new Linear(p + "self_attn.v_proj", wv[i]),
                new Linear(p + "self_attn.o_proj", wo[i]),
                rmsFfn[i],
                new Linear(p + "mlp.gate_proj", w1[i]),
                new Linear(p + "mlp.up_proj", w3[i]),
                new Linear(p + "mlp.down_proj", w2[i])));
      }
      LlamaConfig config = override == null ? c : override;
      return new LlamaModel(config, manager, embed, layers, rmsFinal, cls);
    }
  }

  private static final class Reader {
    private final Path file;
    private final FileChannel ch;
    private final NDManager manager;
    private final DataType type;
    private final boolean writable;
    private long offset = HEADER_BYTES;

    Reader(Path file, FileChannel ch, NDManager manager, DataType type, boolean writable) {
      this.file = file;
      this.ch = ch;
      this.manager = manager;
      this.type = type;
      this.writable = writable;
    }

    NDArray next(long... shape) throws IOException {
      return next(null, shape);
    }

    /**
     * The next tensor: mapped zero-copy when it is used as stored (float32, read-only), else
     * streamed into engine memory with its rows in {@code rowMap} order (nothing stays mapped).
     */
    NDArray next(LongUnaryOperator rowMap, long... shape) throws IOException {
      long n = new Shape(shape).size();
      long bytes = 4 * n;
      if (bytes > Integer.MAX_VALUE) {
        throw new ModelFormatException(
            file, null, "tensor of " + bytes + " bytes at offset " + offset + " exceeds 2 GiB");
      }
      long start = offset;
      offset += bytes;
      String what = "weights at offset " + start;
      if (rowMap == null && type == DataType.FLOAT32 && !writable) {
        ByteBuffer b =
            ch.map(FileChannel.MapMode.READ_ONLY, start, bytes).order(ByteOrder.LITTLE_ENDIAN);
        return SafetensorsWeights.checkedFinite(
            manager.create(b, new Shape(shape), DataType.FLOAT32), file, what);
      }
      NDArray copied =
          TensorStreamer.copy(
              (off, dst) -> {
                long pos = start + off - dst.position();
                while (dst.hasRemaining()) {
                  if (ch.read(dst, pos + dst.position()) < 0) {
                    throw new ModelFormatException(file, null, "unexpected end of file");
                  }
                }
              },
              TensorStreamer.Source.F32,
              new Shape(shape),
              rowMap,
              manager,
              type,
              file,
              null);
      return SafetensorsWeights.checkedFinite(copied, file, what);
    }

    /**
     * Per-layer query or key projections with rows (h, i, j) read from (h, j, i), i < headDim/2, j
     * < 2: Meta's interleaved rotary pairs become Hugging Face's rotate-half pairs while loading,
     * with no second copy.
     */
    NDArray[] perLayerRotateHalf(int layers, int heads, int headDim, long in) throws IOException {
      int half = headDim / 2;
      LongUnaryOperator map =
          row -> {
            long h = row / headDim;
            long r = row % headDim;
            long j = r / half;
            long i = r % half;
            return h * headDim + 2 * i + j;
          };
      NDArray[] out = new NDArray[layers];
      for (int l = 0; l < layers; l++) {
        out[l] = next(map, (long) heads * headDim, in);
      }
      return out;
    }

    NDArray[] perLayer(int layers, long... shape) throws IOException {
      NDArray[] out = new NDArray[layers];
      for (int i = 0; i < layers; i++) {
        out[i] = next(shape);
      }
      return out;
    }

    void skip(long floats) {
      offset += 4 * floats;
    }
  }
}
