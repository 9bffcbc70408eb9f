package io.palr.data.graph;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * An immutable item-to-item graph built from interaction sequences: two items are linked when they
 * occur within {@link Options#window()} positions of each other in some sequence, weighted by
 * cosine-normalised co-occurrence count {@code c(a,b) / sqrt(n(a) n(b))} where {@code n} is item
 * popularity. Each item keeps its {@link Options#maxNeighbours()} strongest neighbours (compressed
 * sparse rows), so memory is bounded by {@code items x maxNeighbours}.
 *
 * <p>Build it from <em>training</em> sequences only, or it will leak validation/test items into
 * everything that uses it. Thread-safe (immutable).
 */
public final class CoOccurrenceGraph {

  /**
   * Graph construction settings.
   *
   * @param window two items co-occur when their positions differ by at most this (1 = adjacent);
   *     use a large value to count whole-sequence co-occurrence
   * @param maxNeighbours neighbours kept per item
   */
  public record Options(int window, int maxNeighbours) {
    /** Validates the settings. */
    public Options {
      if (window < 1 || maxNeighbours < 1) {
        throw new IllegalArgumentException("window and maxNeighbours must be >= 1");
      }
    }

    /** Defaults: window 3, 50 neighbours. */
    public static Options defaults() {
      return new Options(3, 50);
    }
  }

  private final int numItems;
  private final int[] popularity;
  private final int[] offsets;
  private final int[] neighbours;
  private final float[] weights;

  private CoOccurrenceGraph(
      int numItems, int[] popularity, int[] offsets, int[] neighbours, float[] weights) {
    this.numItems = numItems;
    this.popularity = popularity;
    this.offsets = offsets;
    this.neighbours = neighbours;
    this.weights = weights;
  }

  /**
   * Builds the graph.
   *
   * @param numItems catalogue size; every item index must be in {@code [0, numItems)}
   * @param sequences item-index sequences (training data)
   * @param options construction settings
   */
  public static CoOccurrenceGraph build(int numItems, Iterable<int[]> sequences, Options options) {
    int[] pop = new int[numItems];
    long pairs = 0;
    for (int[] s : sequences) {
      for (int i = 0; i < s.length; i++) {
        if (s[i] < 0 || s[i] >= numItems) {
          throw new IllegalArgumentException(
              "item index " + s[i] + " outside [0, " + numItems + ")");
        }
        pop[s[i]]++;
        pairs += 2L * Math.min(options.window(), s.length - 1 - i);
      }
    }
    if (pairs > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "too many co-occurrences (" + pairs + "); use a smaller window");
    }
    long[] keys = new long[(int) pairs];
    int k = 0;
    for (int[] s : sequences) {
      for (int i = 0; i < s.length; i++) {
        int end = Math.min(s.length - 1, i + options.window());
        for (int j = i + 1; j <= end; j++) {
          if (s[i] != s[j]) {
            keys[k++] = ((long) s[i] << 32) | s[j];
            keys[k++] = ((long) s[j] << 32) | s[i];
          }
        }
      }
    }
    Arrays.sort(keys, 0, k);

    int[] offsets = new int[numItems + 1];
    int[] nb = new int[Math.min(k, numItems * options.maxNeighbours())];
    float[] w = new float[nb.length];
    int out = 0;
    int p = 0;
    int[] rowNb = new int[numItems];
    float[] rowW = new float[numItems];
    for (int a = 0; a < numItems; a++) {
      int row = 0;
      while (p < k && (int) (keys[p] >>> 32) == a) {
        int b = (int) keys[p];
        int q = p;
        while (q < k && keys[q] == keys[p]) {
          q++;
        }
        rowNb[row] = b;
        rowW[row] = (float) ((q - p) / Math.sqrt((double) pop[a] * pop[b]));
        row++;
        p = q;
      }
      int keep = Math.min(row, options.maxNeighbours());
      Integer[] order = new Integer[row];
      for (int i = 0; i < row; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          (x, y) -> {
            int c = Float.compare(rowW[y], rowW[x]);
            return c != 0 ? c : Integer.compare(rowNb[x], rowNb[y]);
          });
      for (int i = 0; i < keep; i++) {
        nb[out] = rowNb[order[i]];
        w[out] = rowW[order[i]];
        out++;
      }
      offsets[a + 1] = out;
    }
    return new CoOccurrenceGraph(
        numItems, pop, offsets, Arrays.copyOf(nb, out), Arrays.copyOf(w, out));
  }

  /** Catalogue size. */
  public int numItems() {
    return numItems;
  }

  /** How often an item occurs in the sequences the graph was built from. */
  public int popularity(int item) {
    return popularity[item];
  }

  /** The strongest neighbours of an item, strongest first (a copy). */
  public int[] neighbours(int item) {
    return Arrays.copyOfRange(neighbours, offsets[item], offsets[item + 1]);
  }

  /** Weights parallel to {@link #neighbours(int)} (a copy). */
  public float[] weights(int item) {
    return Arrays.copyOfRange(weights, offsets[item], offsets[item + 1]);
  }

  /** The edge weight between two items, 0 when not linked (or pruned). */
  public float weight(int a, int b) {
    for (int i = offsets[a]; i < offsets[a + 1]; i++) {
      if (neighbours[i] == b) {
        return weights[i];
      }
    }
    return 0f;
  }

  /**
   * Scores every item by the summed edge weights from the given items ({@code scores[j] = sum_i
   * w(history_i, j)}), optionally weighting recent items more; the ItemKNN scoring rule.
   *
   * @param items seed items, oldest first
   * @param recencyDecay multiplier per step back in time (1 = no decay)
   * @param out receives {@link #numItems()} scores (overwritten)
   */
  public void score(int[] items, double recencyDecay, float[] out) {
    Arrays.fill(out, 0f);
    double factor = 1;
    for (int i = items.length - 1; i >= 0; i--) {
      int a = items[i];
      for (int e = offsets[a]; e < offsets[a + 1]; e++) {
        out[neighbours[e]] += (float) (weights[e] * factor);
      }
      factor *= recencyDecay;
    }
  }

  /**
   * The items reachable from {@code seeds} within {@code hops} steps, ranked by accumulated path
   * weight (each hop multiplies by the edge weight), excluding the seeds and anything {@code
   * exclude} accepts: PALR's "k-hop affinity" enrichment.
   *
   * @return up to {@code limit} item indices, strongest first (ties by index)
   */
  public int[] expand(int[] seeds, int hops, int limit, IntPredicate exclude) {
    if (hops < 1 || limit < 0) {
      throw new IllegalArgumentException("hops must be >= 1 and limit >= 0");
    }
    double[] score = new double[numItems];
    boolean[] isSeed = new boolean[numItems];
    double[] frontier = new double[numItems];
    for (int s : seeds) {
      isSeed[s] = true;
      frontier[s] = 1.0;
    }
    for (int h = 0; h < hops; h++) {
      double[] next = new double[numItems];
      for (int a = 0; a < numItems; a++) {
        if (frontier[a] == 0) {
          continue;
        }
        for (int e = offsets[a]; e < offsets[a + 1]; e++) {
          next[neighbours[e]] += frontier[a] * weights[e];
        }
      }
      for (int j = 0; j < numItems; j++) {
        score[j] += next[j];
      }
      frontier = next;
    }
    Integer[] cand =
        java.util.stream.IntStream.range(0, numItems)
            .filter(j -> score[j] > 0 && !isSeed[j] && !exclude.test(j))
            .boxed()
            .toArray(Integer[]::new);
    Arrays.sort(
        cand,
        (x, y) -> {
          int c = Double.compare(score[y], score[x]);
          return c != 0 ? c : Integer.compare(x, y);
        });
    int n = Math.min(limit, cand.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = cand[i];
    }
    return out;
  }
}
