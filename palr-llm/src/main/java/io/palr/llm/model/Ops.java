package io.palr.llm.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Small NDArray helpers shared by the training and the cached forward. Results live in the first
 * operand's manager.
 */
final class Ops {
  private Ops() {}

  /**
   * Rows of {@code table} selected by integer {@code ids}: [..., dim]. Result in {@code ids}'
   * manager.
   */
  static NDArray embedding(NDArray ids, NDArray table) {
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /**
   * RMSNorm without the weight: {@code x / sqrt(mean(x^2) + eps)} over the last axis, computed in
   * float32 when {@code x} is half precision (squares of large activations overflow fp16).
   */
  static NDArray rmsNormalize(NDArray x, double eps) {
    DataType type = x.getDataType();
    NDArray xf = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    NDArray ms = xf.square().mean(new int[] {-1}, true).add(eps);
    NDArray r = ms.pow(ms.getManager().create(-0.5f));
    NDArray y = xf.mul(r);
    return type == DataType.FLOAT32 ? y : y.toType(type, false);
  }

  /**
   * {@code x * factor}. Never write {@code x.mul(number)} where gradients flow: DJL turns the
   * number into a temporary array backed by a Java direct buffer and closes it right after the op,
   * but autograd keeps it for the backward pass and reads it after the garbage collector has freed
   * the buffer (NaN, or a SIGSEGV inside PyTorch's backward). Here the factor is an array in {@code
   * x}'s manager (float32; a 0-d float32 factor keeps fp16 fp16).
   */
  static NDArray scale(NDArray x, double factor) {
    return x.mul(x.getManager().create((float) factor));
  }

  /** SiLU: {@code x * sigmoid(x)}. */
  static NDArray silu(NDArray x) {
    return x.mul(x.getNDArrayInternal().sigmoid());
  }

  /**
   * Grouped-query attention. {@code q} is [B, heads, T, hd] (already scaled by 1/sqrt(hd)), {@code
   * k} and {@code v} are [B, kvHeads, S, hd], {@code mask} is null or an additive mask
   * broadcastable to [B, kvHeads, group, T, S]. Query head {@code h} uses key/value head {@code h /
   * group}, as in transformers' {@code repeat_kv}.
   *
   * @return [B, heads, T, hd]
   */
  static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, LlamaConfig c) {
    long b = q.getShape().get(0);
    long t = q.getShape().get(2);
    long s = k.getShape().get(2);
    int kv = c.numKvHeads();
    int g = c.groupSize();
    int hd = c.headDim();
    NDArray scores = q.reshape(b, kv, g * t, hd).matMul(k.transpose(0, 1, 3, 2));
    if (mask != null) {
      scores = scores.reshape(b, kv, g, t, s).add(mask).reshape(b, kv, g * t, s);
    }
    return scores.softmax(-1).matMul(v).reshape(b, c.numHeads(), t, hd);
  }

  /**
   * An additive attention mask [B, 1, 1, T, S] for queries at cache slots {@code start..start+T-1}
   * over key slots {@code 0..S-1}: a query sees keys at or before its slot that are not left
   * padding ({@code slot >= pad[b]}), and always itself, so padding rows stay finite.
   */
  static float[] causalPaddingMask(int[] pad, int start, int t, int s) {
    int b = pad.length;
    float[] m = new float[b * t * s];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        int slot = start + i;
        int base = (r * t + i) * s;
        for (int j = 0; j < s; j++) {
          boolean ok = j == slot || (j < slot && j >= pad[r]);
          m[base + j] = ok ? 0f : Float.NEGATIVE_INFINITY;
        }
      }
    }
    return m;
  }
}
