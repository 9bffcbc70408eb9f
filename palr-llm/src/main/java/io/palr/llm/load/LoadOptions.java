package io.palr.llm.load;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to load a model.
 *
 * @param device where the weights live ({@code null}: the first GPU if DJL sees one, else the CPU)
 * @param dataType the compute type ({@code null}: FLOAT32 on CPU, FLOAT16 on GPU)
 * @param memoryBudgetBytes refuse to load when the estimate exceeds this ({@code <= 0}: 80% of
 *     physical memory for the CPU, of free GPU memory as reported by the engine otherwise, or
 *     unlimited when unknown)
 * @param maxBatch batch size the budget must leave KV-cache room for
 * @param contextLength positions the budget must leave KV-cache room for ({@code <= 0}: the model's
 *     context)
 * @param adapter a PEFT LoRA adapter folder to apply, or null
 * @param mergeAdapter fold the adapter into the weights ({@code W += scale B A}) instead of keeping
 *     it separate
 * @param writableWeights copy F32 weights instead of mapping them zero-copy from the file (required
 *     before modifying weights in place, e.g. full fine-tuning; mapped weights are read-only)
 * @param maxPositionsOverride a context length replacing the config's ({@code <= 0}: keep), e.g.
 *     for benchmarks
 */
public record LoadOptions(
    Device device,
    DataType dataType,
    long memoryBudgetBytes,
    int maxBatch,
    int contextLength,
    Path adapter,
    boolean mergeAdapter,
    boolean writableWeights,
    int maxPositionsOverride) {

  /** Validates the components. */
  public LoadOptions {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
    }
    if (dataType != null && dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
      throw new IllegalArgumentException("dataType must be FLOAT32 or FLOAT16: " + dataType);
    }
  }

  /**
   * Defaults: automatic device and type, automatic budget, batch 1, no adapter, zero-copy weights.
   */
  public static LoadOptions defaults() {
    return new LoadOptions(null, null, 0, 1, 0, null, false, false, 0);
  }

  /** A copy on another device. */
  public LoadOptions withDevice(Device d) {
    return new LoadOptions(
        d,
        dataType,
        memoryBudgetBytes,
        maxBatch,
        contextLength,
        adapter,
        mergeAdapter,
        writableWeights,
        maxPositionsOverride);
  }

  /** A copy with another compute type. */
  public LoadOptions withDataType(DataType t) {
    return new LoadOptions(
        device,
        t,
        memoryBudgetBytes,
        maxBatch,
        contextLength,
        adapter,
        mergeAdapter,
        writableWeights,
        maxPositionsOverride);
  }

  /** A copy with a memory budget in bytes. */
  public LoadOptions withMemoryBudget(long bytes) {
    return new LoadOptions(
        device,
        dataType,
        bytes,
        maxBatch,
        contextLength,
        adapter,
        mergeAdapter,
        writableWeights,
        maxPositionsOverride);
  }

  /** A copy reserving KV-cache room for {@code batch} sequences of {@code positions} tokens. */
  public LoadOptions withKvReservation(int batch, int positions) {
    return new LoadOptions(
        device,
        dataType,
        memoryBudgetBytes,
        batch,
        positions,
        adapter,
        mergeAdapter,
        writableWeights,
        maxPositionsOverride);
  }

  /** A copy applying a PEFT LoRA adapter folder, merged or kept separate. */
  public LoadOptions withAdapter(Path folder, boolean merge) {
    return new LoadOptions(
        device,
        dataType,
        memoryBudgetBytes,
        maxBatch,
        contextLength,
        Objects.requireNonNull(folder, "folder"),
        merge,
        writableWeights,
        maxPositionsOverride);
  }

  /** A copy that copies weights into writable memory. */
  public LoadOptions withWritableWeights(boolean writable) {
    return new LoadOptions(
        device,
        dataType,
        memoryBudgetBytes,
        maxBatch,
        contextLength,
        adapter,
        mergeAdapter,
        writable,
        maxPositionsOverride);
  }

  /** A copy overriding the context length. */
  public LoadOptions withMaxPositions(int positions) {
    return new LoadOptions(
        device,
        dataType,
        memoryBudgetBytes,
        maxBatch,
        contextLength,
        adapter,
        mergeAdapter,
        writableWeights,
        positions);
  }
}
