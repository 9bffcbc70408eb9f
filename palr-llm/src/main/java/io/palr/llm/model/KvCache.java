package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A preallocated key/value cache for a batch of sequences: per layer, keys stored transposed as [B,
 * kvHeads, headDim, capacity] (so attention scores are one matmul) and values as [B, kvHeads,
 * capacity, headDim], written in place one slot range at a time. Rows may be left-padded: row
 * {@code b}'s first {@code pad[b]} slots are padding, and slot {@code s} holds position {@code s -
 * pad[b]}.
 *
 * <p>Owns its native memory; {@link #close()} frees it. Not thread-safe.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int[] pad;
  private final int capacity;
  private final NDArray padMask;
  private int length;

  KvCache(NDManager parent, LlamaConfig c, DataType type, int[] pad, int capacity) {
    this.manager = parent.newSubManager();
    this.pad = pad.clone();
    this.capacity = capacity;
    int b = pad.length;
    keys = new NDArray[c.numLayers()];
    values = new NDArray[c.numLayers()];
    for (int l = 0; l < keys.length; l++) {
      keys[l] = manager.zeros(new Shape(b, c.numKvHeads(), c.headDim(), capacity), type);
      values[l] = manager.zeros(new Shape(b, c.numKvHeads(), capacity, c.headDim()), type);
    }
    boolean padded = false;
    float[] m = new float[b * capacity];
    for (int r = 0; r < b; r++) {
      for (int s = 0; s < this.pad[r]; s++) {
        m[r * capacity + s] = Float.NEGATIVE_INFINITY;
        padded = true;
      }
    }
    padMask = padded ? manager.create(m, new Shape(b, 1, 1, capacity)).toType(type, false) : null;
  }

  /** Rows in the batch. */
  public int batchSize() {
    return pad.length;
  }

  /** Slots available. */
  public int capacity() {
    return capacity;
  }

  /** Slots filled so far (including left padding). */
  public int length() {
    return length;
  }

  /** Left padding of each row. */
  public int[] padding() {
    return pad.clone();
  }

  /** Rewinds to {@code newLength} filled slots (later writes overwrite the rest). */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException(
          "cannot truncate a cache of " + length + " slots to " + newLength);
    }
    length = newLength;
  }

  int pad(int row) {
    return pad[row];
  }

  boolean hasPadding() {
    return padMask != null;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  NDArray padMask() {
    return padMask;
  }

  void advance(int t) {
    length += t;
  }

  /**
   * Copies this cache's first {@code length()} slots of row {@code row} into every row of a new
   * cache of {@code rows} rows (e.g. one shared prompt, many continuations).
   */
  KvCache broadcastRow(int row, int rows, int newCapacity, LlamaConfig c) {
    int[] newPad = new int[rows];
    java.util.Arrays.fill(newPad, pad[row]);
    KvCache out =
        new KvCache(manager.getParentManager(), c, keys[0].getDataType(), newPad, newCapacity);
    NDIndex keySrc = new NDIndex().addSliceDim(row, row + 1).addAllDim(2).addSliceDim(0, length);
    NDIndex keyDst = new NDIndex().addAllDim(3).addSliceDim(0, length);
    NDIndex valSrc = new NDIndex().addSliceDim(row, row + 1).addAllDim().addSliceDim(0, length);
    NDIndex valDst = new NDIndex().addAllDim(2).addSliceDim(0, length);
    try (NDManager tmp = manager.newSubManager()) {
      for (int l = 0; l < keys.length; l++) {
        out.keys[l].set(keyDst, keys[l].get(tmp, keySrc));
        out.values[l].set(valDst, values[l].get(tmp, valSrc));
      }
    }
    out.length = length;
    return out;
  }

  /** Frees the cache. */
  @Override
  public void close() {
    manager.close();
  }
}
