package io.palr.llm.load;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.LongUnaryOperator;

/**
 * Copies one tensor from a file into engine memory a bounded chunk of rows at a time, converting
 * its element type on the way: the file is read through its channel (nothing stays mapped), and no
 * whole-tensor Java buffer or float32 intermediate exists, so converting a checkpoint costs one
 * times its converted size plus one chunk.
 */
final class TensorStreamer {
  /** Source bytes per chunk. */
  static final int CHUNK_BYTES = 8 << 20;

  /** Element types a checkpoint may store. */
  enum Source {
    F32(4),
    F16(2),
    BF16(2);

    final int width;

    Source(int width) {
      this.width = width;
    }
  }

  /**
   * Reads bytes of the tensor at an offset relative to its start into a buffer until it is full.
   */
  interface Bytes {
    void read(long offset, ByteBuffer dst) throws IOException;
  }

  private TensorStreamer() {}

  /**
   * Streams a tensor into a new array of {@code target} type.
   *
   * @param bytes the tensor's bytes
   * @param source the stored element type
   * @param shape the tensor's shape; the first dimension counts rows (a 1-D tensor is one row)
   * @param rowMap destination row to source row, or null for the identity (used to permute rows
   *     while loading)
   * @param manager where the array is created
   * @param target FLOAT32 or FLOAT16
   * @param file and name, for messages
   * @throws ModelFormatException if a value overflows the target type
   */
  static NDArray copy(
      Bytes bytes,
      Source source,
      Shape shape,
      LongUnaryOperator rowMap,
      NDManager manager,
      DataType target,
      Path file,
      String name)
      throws IOException {
    long rows = shape.dimension() <= 1 ? 1 : shape.get(0);
    long cols = shape.dimension() == 0 ? 1 : shape.size() / rows;
    long rowBytes = cols * source.width;
    int perChunk = (int) Math.max(1, Math.min(rows, CHUNK_BYTES / Math.max(1, rowBytes)));
    if ((long) perChunk * cols * 4 > Integer.MAX_VALUE) {
      throw new ModelFormatException(
          file, name, "a row of " + cols + " values is too long to stream");
    }
    NDArray dest = manager.zeros(new Shape(rows, cols), target);
    ByteBuffer raw =
        ByteBuffer.allocateDirect((int) (perChunk * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer wide =
        source == Source.BF16
            ? ByteBuffer.allocateDirect((int) (perChunk * cols * 4)).order(ByteOrder.LITTLE_ENDIAN)
            : null;
    try (NDManager tmp = manager.newSubManager()) {
      for (long r0 = 0; r0 < rows; r0 += perChunk) {
        int n = (int) Math.min(perChunk, rows - r0);
        raw.clear();
        if (rowMap == null) {
          raw.limit((int) (n * rowBytes));
          bytes.read(r0 * rowBytes, raw);
        } else {
          for (int i = 0; i < n; i++) {
            raw.limit((int) ((i + 1) * rowBytes));
            bytes.read(rowMap.applyAsLong(r0 + i) * rowBytes, raw);
          }
        }
        raw.flip();
        Shape chunkShape = new Shape(n, cols);
        NDArray chunk;
        if (source == Source.BF16) {
          // bfloat16 is the top half of a float32: widen in Java (the engine aborts on BF16),
          // narrow in the engine
          wide.clear();
          while (raw.hasRemaining()) {
            wide.putInt((raw.getShort() & 0xffff) << 16);
          }
          wide.flip();
          chunk = tmp.create(wide, chunkShape, DataType.FLOAT32);
        } else {
          chunk =
              tmp.create(
                  raw, chunkShape, source == Source.F32 ? DataType.FLOAT32 : DataType.FLOAT16);
        }
        NDArray converted = chunk.getDataType() == target ? chunk : chunk.toType(target, false);
        if (target == DataType.FLOAT16
            && chunk.getDataType() != DataType.FLOAT16
            && converted.isInfinite().any().getBoolean()
            && !chunk.isInfinite().any().getBoolean()) {
          dest.close();
          throw new ModelFormatException(
              file,
              name,
              "values outside the float16 range; load it as float32" + " (--dtype float32)");
        }
        JniUtils.indexSet(
            (PtNDArray) dest,
            (PtNDArray) converted,
            new long[] {r0, 0},
            new long[] {r0 + n, cols},
            new long[] {1, 1});
        converted.close();
        chunk.close();
      }
    }
    if (shape.equals(dest.getShape())) {
      return dest;
    }
    NDArray reshaped = dest.reshape(shape);
    return reshaped;
  }
}
