package io.palr.llm.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.KvCache;
import java.util.List;
import java.util.Objects;

/**
 * Log-likelihoods of several continuations of one prompt. The prompt is prefilled once; its cache
 * is then copied into a batch of rows and all continuations of a chunk run in one forward
 * (right-padded; causal attention keeps the padding from affecting earlier positions), with
 * log-softmax and target gathering done by the engine.
 */
public final class ContinuationScorer {
  private final InferenceModel model;
  private final int maxBatch;

  /** Creates a scorer that evaluates at most {@code maxBatch} continuations per forward. */
  public ContinuationScorer(InferenceModel model, int maxBatch) {
    this.model = Objects.requireNonNull(model, "model");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1");
    }
    this.maxBatch = maxBatch;
  }

  /**
   * Scores continuations.
   *
   * @param prompt prompt tokens (with BOS), non-empty
   * @param continuations token sequences, each non-empty
   * @return the natural-log likelihood of each continuation given the prompt, summed over its
   *     tokens
   * @throws ContextOverflowException if prompt plus the longest continuation exceed the context
   */
  public double[] score(int[] prompt, List<int[]> continuations) {
    int context = model.config().maxPositions();
    int longest = 0;
    for (int[] c : continuations) {
      if (c.length == 0) {
        throw new IllegalArgumentException("empty continuation");
      }
      longest = Math.max(longest, c.length);
    }
    if (prompt.length == 0) {
      throw new IllegalArgumentException("empty prompt");
    }
    if (prompt.length + longest - 1 > context) {
      throw new ContextOverflowException(
          "prompt plus continuation", prompt.length + longest - 1, context);
    }
    double[] out = new double[continuations.size()];
    if (out.length == 0) {
      return out;
    }
    try (KvCache promptCache = model.newCache(new int[1], prompt.length)) {
      float[] first;
      try (NDManager step = model.newStepManager()) {
        first =
            model.prefill(step, prompt, prompt.length, promptCache).logSoftmax(1).toFloatArray();
      }
      for (int start = 0; start < out.length; start += maxBatch) {
        List<int[]> chunk = continuations.subList(start, Math.min(out.length, start + maxBatch));
        int n = chunk.size();
        int len = chunk.stream().mapToInt(c -> c.length).max().orElse(1);
        for (int i = 0; i < n; i++) {
          out[start + i] = first[chunk.get(i)[0]];
        }
        if (len == 1) {
          continue;
        }
        int t = len - 1;
        int[] inputs = new int[n * t];
        int[] targets = new int[n * t];
        for (int i = 0; i < n; i++) {
          int[] c = chunk.get(i);
          for (int j = 0; j < t; j++) {
            inputs[i * t + j] = j < c.length ? c[j] : 0;
            targets[i * t + j] = j + 1 < c.length ? c[j + 1] : 0;
          }
        }
        try (KvCache rows = model.broadcast(promptCache, 0, n, prompt.length + t);
            NDManager step = model.newStepManager()) {
          NDArray logits = model.forward(step, inputs, t, rows, true);
          NDArray idx =
              step.create(targets, new Shape(n, t, 1))
                  .toType(ai.djl.ndarray.types.DataType.INT64, false);
          float[] lp = logits.logSoftmax(2).gather(idx, 2).toFloatArray();
          for (int i = 0; i < n; i++) {
            int[] c = chunk.get(i);
            for (int j = 0; j + 1 < c.length; j++) {
              out[start + i] += lp[i * t + j];
            }
          }
        }
      }
    }
    return out;
  }
}
