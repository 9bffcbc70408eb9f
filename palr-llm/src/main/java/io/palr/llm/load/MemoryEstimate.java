package io.palr.llm.load;

import ai.djl.ndarray.types.DataType;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.LlamaConfig;
import java.util.Locale;

/**
 * The memory a loaded model needs for decoding or scoring, by part. Compared with the budget before
 * anything is allocated ({@link LlamaModels#load}); benchmarks print it beside the measured
 * resident memory.
 *
 * @param weights the model's weights in their storage type (mapped from the file when stored as
 *     used)
 * @param packed copies made by the packed layout of tiny models ({@link
 *     InferenceModel#MIRROR_MAX_HIDDEN}); 0 above
 * @param kvCache the key/value cache for the reserved batch and positions
 * @param activations the largest forward's temporaries: one layer's activations for a prefill
 *     chunk, and the logits
 * @param runtime the JVM and the engine's native libraries, a measured constant
 */
public record MemoryEstimate(
    long weights, long packed, long kvCache, long activations, long runtime) {
  /** Resident memory of an idle JVM with the PyTorch engine loaded (measured: 160-250 MB). */
  public static final long RUNTIME_BYTES = 256L << 20;

  /** The sum. */
  public long total() {
    return weights + packed + kvCache + activations + runtime;
  }

  /**
   * The estimate for a model.
   *
   * @param c the shape
   * @param storage the weights' type (FLOAT32 or FLOAT16)
   * @param gpu whether the model runs on a GPU (activations and cache in the storage type; else
   *     float32)
   * @param batch sequences decoded together
   * @param positions tokens per sequence
   */
  public static MemoryEstimate of(
      LlamaConfig c, DataType storage, boolean gpu, int batch, int positions) {
    long w = storage == DataType.FLOAT32 ? 4 : 2;
    long act = gpu ? w : 4;
    long d = c.hiddenSize();
    long ff = c.intermediateSize();
    long hd = c.headDim();
    long q = (long) c.numHeads() * hd;
    long kv = (long) c.numKvHeads() * hd;
    long vocab = c.vocabSize();
    long weights = c.parameterCount() * w;
    long packed = 0;
    if (d <= InferenceModel.MIRROR_MAX_HIDDEN) {
      long perLayer = (2 * q + 3 * kv) * 2 * d + 2 * d * q + 2 * ff * 2 * d + 2 * d * ff;
      packed = (c.numLayers() * perLayer + 2 * vocab * 2 * d) * act;
    }
    long kvCache = c.kvCacheBytes(batch, positions, (int) act);
    long rows = (long) batch * Math.min(positions, InferenceModel.PREFILL_CHUNK);
    long layer = rows * (12 * d + 5 * ff + 4 * q + 2L * c.numHeads() * positions) * act;
    long logits = 3 * (long) batch * Math.min(positions, InferenceModel.PREFILL_CHUNK) * vocab * 4;
    return new MemoryEstimate(weights, packed, kvCache, layer + logits, RUNTIME_BYTES);
  }

  /** One line: every part and the total, in GiB or MiB. */
  public String describe() {
    return "weights "
        + size(weights)
        + (packed > 0 ? " + packed copies " + size(packed) : "")
        + " + KV cache "
        + size(kvCache)
        + " + activations "
        + size(activations)
        + " + runtime "
        + size(runtime)
        + " = "
        + size(total());
  }

  /** A byte count as {@code 1.23 GiB} or {@code 456.7 MiB}. */
  public static String size(long bytes) {
    return bytes >= 1L << 30
        ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}
