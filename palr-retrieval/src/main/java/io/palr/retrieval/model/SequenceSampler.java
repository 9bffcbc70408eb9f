package io.palr.retrieval.model;

import io.palr.retrieval.train.BatchSampler;
import io.palr.retrieval.train.TrainingData;
import java.util.Random;

/**
 * Batches for next-item sequence models (SASRec, GRU4Rec), following the SASRec reference sampler:
 * one unit is one user; the last {@code maxLength} training items are right-aligned, each
 * position's target is the following item and it gets one uniformly sampled negative the user never
 * interacted with.
 *
 * <p>A trimming sampler (for models whose output does not depend on left padding, such as SASRec
 * with masked padded keys) reports each user's length so that the trainer batches users of similar
 * length together, and cuts every batch to its longest sequence: a batch of length {@code L <
 * maxLength} holds the last {@code L} columns of the full right-aligned frame.
 */
final class SequenceSampler implements BatchSampler<SequenceBatch> {
  private final TrainingData data;
  private final int maxLength;
  private final boolean trim;

  SequenceSampler(TrainingData data, int maxLength, boolean trim) {
    this.data = data;
    this.maxLength = maxLength;
    this.trim = trim;
  }

  @Override
  public int length(int user) {
    return trim ? Math.max(1, Math.min(maxLength, data.sequence(user).length - 1)) : 0;
  }

  @Override
  public int epochSize() {
    return data.numUsers();
  }

  @Override
  public SequenceBatch build(int[] users, Random rng) {
    int n = users.length;
    int len = maxLength;
    if (trim) {
      len = 1;
      for (int u : users) {
        len = Math.max(len, length(u));
      }
    }
    long[] in = new long[n * len];
    long[] pos = new long[n * len];
    long[] neg = new long[n * len];
    for (int b = 0; b < n; b++) {
      int u = users[b];
      int[] seq = data.sequence(u);
      if (seq.length < 2) {
        continue;
      }
      int next = seq[seq.length - 1];
      int idx = len - 1;
      for (int i = seq.length - 2; i >= 0 && idx >= 0; i--, idx--) {
        int o = b * len + idx;
        in[o] = seq[i] + 1L;
        pos[o] = next + 1L;
        neg[o] = data.sampleNegative(u, rng) + 1L;
        next = seq[i];
      }
    }
    return new SequenceBatch(n, len, in, pos, neg);
  }

  /** The width that holds the most recent {@code maxLength} items of every history (at least 1). */
  static int longest(java.util.List<int[]> histories, int maxLength) {
    int len = 1;
    for (int[] h : histories) {
      len = Math.max(len, Math.min(maxLength, h.length));
    }
    return len;
  }

  /**
   * Left-pads (or truncates to the most recent) histories into model ids, row-major n x maxLength.
   */
  static long[] leftPadded(java.util.List<int[]> histories, int maxLength) {
    long[] out = new long[histories.size() * maxLength];
    for (int b = 0; b < histories.size(); b++) {
      int[] h = histories.get(b);
      int take = Math.min(h.length, maxLength);
      for (int i = 0; i < take; i++) {
        out[b * maxLength + maxLength - take + i] = h[h.length - take + i] + 1L;
      }
    }
    return out;
  }
}
