package io.palr.llm.decode;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy, or temperature sampling restricted by top-k and top-p.
 */
public final class Sampler {
  private final double temperature;
  private final int topK;
  private final double topP;
  private final SplittableRandom random;

  /** Creates a sampler; {@code temperature == 0} is greedy. */
  public Sampler(double temperature, int topK, double topP, long seed) {
    this.temperature = temperature;
    this.topK = topK;
    this.topP = topP;
    this.random = new SplittableRandom(seed);
  }

  /** The index of the largest finite value (the lowest index on ties), or -1 if none is finite. */
  public static int argmax(float[] logits) {
    int best = -1;
    float bestV = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] > bestV) {
        bestV = logits[i];
        best = i;
      }
    }
    return best;
  }

  /**
   * Picks a token.
   *
   * @throws NoAllowedTokenException if every logit is -Infinity or NaN
   */
  public int sample(float[] logits) {
    if (temperature == 0) {
      int t = argmax(logits);
      if (t < 0) {
        throw new NoAllowedTokenException();
      }
      return t;
    }
    int n = logits.length;
    Integer[] order = null;
    int[] idx = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (logits[i] > Float.NEGATIVE_INFINITY) {
        idx[count++] = i;
      }
    }
    if (count == 0) {
      throw new NoAllowedTokenException();
    }
    boolean needSort = (topK > 0 && topK < count) || topP < 1;
    if (needSort) {
      order = new Integer[count];
      for (int i = 0; i < count; i++) {
        order[i] = idx[i];
      }
      Arrays.sort(
          order,
          (a, b) ->
              a.equals(b)
                  ? 0
                  : logits[b] != logits[a]
                      ? Float.compare(logits[b], logits[a])
                      : Integer.compare(a, b));
      int keep = topK > 0 ? Math.min(topK, count) : count;
      for (int i = 0; i < keep; i++) {
        idx[i] = order[i];
      }
      count = keep;
    }
    double max = logits[idx[0]];
    for (int i = 1; i < count; i++) {
      max = Math.max(max, logits[idx[i]]);
    }
    double[] p = new double[count];
    double sum = 0;
    for (int i = 0; i < count; i++) {
      p[i] = Math.exp((logits[idx[i]] - max) / temperature);
      sum += p[i];
    }
    if (topP < 1) {
      double cum = 0;
      int keep = count;
      for (int i = 0; i < count; i++) {
        cum += p[i] / sum;
        if (cum >= topP) {
          keep = i + 1;
          break;
        }
      }
      count = keep;
      sum = 0;
      for (int i = 0; i < count; i++) {
        sum += p[i];
      }
    }
    double u = random.nextDouble() * sum;
    for (int i = 0; i < count; i++) {
      u -= p[i];
      if (u < 0) {
        return idx[i];
      }
    }
    return idx[count - 1];
  }
}
