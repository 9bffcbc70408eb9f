package io.palr.api.scoring;

import java.util.BitSet;

/** Selection of the k best-scoring items of a score row, skipping excluded items; O(n log k). */
public final class TopK {
  private TopK() {}

  /**
   * Indices of the {@code k} highest scores, best first (ties: lower index first), skipping indices
   * set in {@code excluded} (may be null) and non-finite scores.
   */
  public static int[] select(float[] scores, int k, BitSet excluded) {
    int cap = Math.min(k, scores.length);
    int[] heap = new int[cap];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      if ((excluded != null && excluded.get(i)) || Float.isNaN(scores[i])) {
        continue;
      }
      if (size < cap) {
        heap[size] = i;
        siftUp(heap, size++, scores);
      } else if (cap > 0 && better(i, heap[0], scores)) {
        heap[0] = i;
        siftDown(heap, size, scores);
      }
    }
    int[] out = new int[size];
    for (int n = size; n > 0; n--) {
      out[n - 1] = heap[0];
      heap[0] = heap[n - 1];
      siftDown(heap, n - 1, scores);
    }
    return out;
  }

  /** Whether item a ranks before item b. */
  private static boolean better(int a, int b, float[] s) {
    return s[a] > s[b] || (s[a] == s[b] && a < b);
  }

  // min-heap by rank: the root is the worst kept item
  private static void siftUp(int[] h, int i, float[] s) {
    while (i > 0) {
      int p = (i - 1) / 2;
      if (better(h[p], h[i], s)) {
        int t = h[p];
        h[p] = h[i];
        h[i] = t;
        i = p;
      } else {
        return;
      }
    }
  }

  private static void siftDown(int[] h, int n, float[] s) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int w = i;
      if (l < n && better(h[w], h[l], s)) {
        w = l;
      }
      if (r < n && better(h[w], h[r], s)) {
        w = r;
      }
      if (w == i) {
        return;
      }
      int t = h[w];
      h[w] = h[i];
      h[i] = t;
      i = w;
    }
  }
}
