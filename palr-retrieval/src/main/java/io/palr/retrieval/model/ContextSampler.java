package io.palr.retrieval.model;

import io.palr.retrieval.train.BatchSampler;
import io.palr.retrieval.train.TrainingData;
import java.util.Random;

/**
 * Pointwise batches whose unit is one training interaction (user u, position t), with one sampled
 * negative. The context is either the user's other training items (fold-in user representation for
 * BPR-MF and NeuMF, the target itself left out as in FISM) or the items just before position t
 * (Caser's sliding window).
 */
final class ContextSampler implements BatchSampler<ContextBatch> {
  /** Which items form an example's context. */
  enum Mode {
    /** The most recent training items other than the target. */
    ALL_BUT_TARGET,
    /** The items immediately preceding the target. */
    PRECEDING
  }

  private final TrainingData data;
  private final int length;
  private final Mode mode;
  private final int[] unitUser;
  private final int[] unitPos;

  ContextSampler(TrainingData data, int length, Mode mode) {
    this.data = data;
    this.length = length;
    this.mode = mode;
    int first = mode == Mode.PRECEDING ? 1 : 0;
    int n = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      n += Math.max(0, data.sequence(u).length - first);
    }
    unitUser = new int[n];
    unitPos = new int[n];
    int k = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      for (int t = first; t < data.sequence(u).length; t++) {
        unitUser[k] = u;
        unitPos[k++] = t;
      }
    }
  }

  @Override
  public int epochSize() {
    return unitUser.length;
  }

  @Override
  public ContextBatch build(int[] units, Random rng) {
    int n = units.length;
    long[] ctx = new long[n * length];
    long[] pos = new long[n];
    long[] neg = new long[n];
    for (int b = 0; b < n; b++) {
      int u = unitUser[units[b]];
      int t = unitPos[units[b]];
      int[] seq = data.sequence(u);
      pos[b] = seq[t] + 1L;
      neg[b] = data.sampleNegative(u, rng) + 1L;
      int slot = length - 1;
      int from = mode == Mode.PRECEDING ? t - 1 : seq.length - 1;
      for (int i = from; i >= 0 && slot >= 0; i--) {
        if (i == t) {
          continue;
        }
        ctx[b * length + slot--] = seq[i] + 1L;
      }
    }
    return new ContextBatch(n, length, ctx, pos, neg);
  }
}
