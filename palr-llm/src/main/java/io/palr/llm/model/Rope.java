package io.palr.llm.model;

/**
 * Rotary position embedding tables in Hugging Face's rotate-half layout: for head dimension {@code
 * d}, dimension {@code i < d/2} is paired with {@code i + d/2} and both use frequency {@code
 * theta^(-2i/d)}. llama2.c checkpoints pair {@code (2i, 2i+1)} instead; the loader permutes their
 * query/key rows into this layout, so one RoPE serves both.
 */
public final class Rope {
  private Rope() {}

  /**
   * Cosines and sines for positions {@code 0..positions-1}: a [positions, 2, headDim] array
   * flattened row-major, with {@code [p][0][*]} the cosines and {@code [p][1][*]} the sines (each
   * half repeated for the pair).
   */
  public static float[] table(int positions, int headDim, double theta) {
    int half = headDim / 2;
    float[] out = new float[positions * 2 * headDim];
    for (int i = 0; i < half; i++) {
      // single precision like llama2.c's run.c and transformers' float32 inv_freq
      float freq = (float) (1.0 / Math.pow(theta, (2.0f * i) / headDim));
      for (int p = 0; p < positions; p++) {
        float angle = p * freq;
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        int base = p * 2 * headDim;
        out[base + i] = c;
        out[base + i + half] = c;
        out[base + headDim + i] = s;
        out[base + headDim + i + half] = s;
      }
    }
    return out;
  }

  /**
   * The [headDim, headDim] matrix R with {@code x R = rotate_half(x) = [-x2, x1]}, row-major, for
   * applying RoPE as {@code x * cos + (x R) * sin} in a differentiable forward.
   */
  public static float[] rotateHalfMatrix(int headDim) {
    int half = headDim / 2;
    float[] r = new float[headDim * headDim];
    for (int i = 0; i < half; i++) {
      // out[i] = -x[i + half]; out[i + half] = x[i]
      r[(i + half) * headDim + i] = -1f;
      r[i * headDim + i + half] = 1f;
    }
    return r;
  }
}
