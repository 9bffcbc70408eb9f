package io.palr.retrieval.model;

import io.palr.retrieval.train.BatchSampler;
import io.palr.retrieval.train.TrainingData;
import java.util.Random;

/**
 * Batches for next-item sequence models (SASRec, GRU4Rec), following the SASRec reference sampler: one unit is one
 * user; the last {@code maxLength} training items are right-aligned, each position's target is the following item
 * and it gets one uniformly sampled negative the user never interacted with.
 */
final class SequenceSampler implements BatchSampler<SequenceBatch> {
  private final TrainingData data;
  private final int maxLength;

  SequenceSampler(TrainingData data, int maxLength) {
    this.data = data;
    this.maxLength = maxLength;
  }

  @Override
  public int epochSize() {
    return data.numUsers();
  }

  @Override
  public SequenceBatch build(int[] users, Random rng) {
    int n = users.length;
    long[] in = new long[n * maxLength];
    long[] pos = new long[n * maxLength];
    long[] neg = new long[n * maxLength];
    for (int b = 0; b < n; b++) {
      int u = users[b];
      int[] seq = data.sequence(u);
      if (seq.length < 2) {
        continue;
      }
      int next = seq[seq.length - 1];
      int idx = maxLength - 1;
      for (int i = seq.length - 2; i >= 0 && idx >= 0; i--, idx--) {
        int o = b * maxLength + idx;
        in[o] = seq[i] + 1L;
        pos[o] = next + 1L;
        neg[o] = data.sampleNegative(u, rng) + 1L;
        next = seq[i];
      }
    }
    return new SequenceBatch(n, maxLength, in, pos, neg);
  }

  /** Left-pads (or truncates to the most recent) histories into model ids, row-major n x maxLength. */
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
