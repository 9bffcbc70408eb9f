package io.palr.data.prep;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns raw interactions into a prepared, densely re-indexed data set, exactly as the PALR paper
 * (and SASRec before it) prepares its data:
 *
 * <ol>
 *   <li>ratings become implicit 1s; with a rating threshold, interactions rated below it are
 *       dropped;
 *   <li>each user's interactions are sorted chronologically with a STABLE sort: equal timestamps
 *       keep file order;
 *   <li>with de-duplication, only the first occurrence of an item in a user's sorted sequence is
 *       kept;
 *   <li>the iterative k-core removes users and items with fewer than k interactions, repeatedly,
 *       until every user and every item left has at least k (a fixed point);
 *   <li>surviving users (in order of first appearance) and items (in key order) are re-indexed
 *       densely.
 * </ol>
 *
 * <p>Runs in O(n) memory beyond the input and O(n log n) time (O(n) when sequences are already
 * sorted).
 */
public final class Preprocessor {
  private Preprocessor() {}

  /**
   * Prepares raw interactions.
   *
   * @throws EmptyDatasetException if nothing is left after filtering
   */
  public static PreparedInteractions prepare(RawInteractions raw, PreprocessOptions options) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(options, "options");
    int n = raw.size();
    int numUsers = raw.numUsers();
    int numItems = raw.numItems();

    // 1. rating threshold, then a stable counting sort of the kept interactions by user (file order
    // within a user)
    boolean threshold = options.ratingThreshold().isPresent() && raw.hasRatings();
    double minRating = options.ratingThreshold().orElse(Double.NEGATIVE_INFINITY);
    int[] userStart = new int[numUsers + 1];
    long belowThreshold = 0;
    for (int i = 0; i < n; i++) {
      if (threshold && raw.rating(i) < minRating) {
        belowThreshold++;
      } else {
        userStart[raw.user(i) + 1]++;
      }
    }
    for (int u = 0; u < numUsers; u++) {
      userStart[u + 1] += userStart[u];
    }
    int kept = userStart[numUsers];
    int[] order = new int[kept];
    int[] fill = Arrays.copyOf(userStart, numUsers);
    for (int i = 0; i < n; i++) {
      float r = raw.rating(i);
      if (!(threshold && r < minRating)) {
        order[fill[raw.user(i)]++] = i;
      }
    }
    fill = null;

    // 2. stable chronological sort within each user; 3. de-duplication of the sorted sequence
    int[] us = new int[kept];
    int[] is = new int[kept];
    long[] ts = new long[kept];
    int[] seen = new int[numItems];
    Arrays.fill(seen, -1);
    long duplicates = 0;
    int m = 0;
    int[] scratch = new int[0];
    for (int u = 0; u < numUsers; u++) {
      int from = userStart[u];
      int to = userStart[u + 1];
      if (!isSorted(order, from, to, raw) && !packedSort(order, from, to, raw)) {
        if (scratch.length < to - from) {
          scratch = new int[to - from];
        }
        mergeSort(order, from, to, raw, scratch);
      }
      for (int p = from; p < to; p++) {
        int i = order[p];
        int item = raw.item(i);
        if (options.deduplicate()) {
          if (seen[item] == u) {
            duplicates++;
            continue;
          }
          seen[item] = u;
        }
        us[m] = u;
        is[m] = item;
        ts[m] = raw.timestamp(i);
        m++;
      }
    }
    order = null;
    seen = null;

    // 4. iterative k-core until the fixed point
    int[] userCount = new int[numUsers];
    int[] itemCount = new int[numItems];
    int rounds = 0;
    long removedByCore = 0;
    int kUser = options.minUserInteractions();
    int kItem = options.minItemInteractions();
    if (kUser > 1 || kItem > 1) {
      while (true) {
        Arrays.fill(userCount, 0);
        Arrays.fill(itemCount, 0);
        for (int p = 0; p < m; p++) {
          userCount[us[p]]++;
          itemCount[is[p]]++;
        }
        int w = 0;
        for (int p = 0; p < m; p++) {
          if (userCount[us[p]] >= kUser && itemCount[is[p]] >= kItem) {
            us[w] = us[p];
            is[w] = is[p];
            ts[w] = ts[p];
            w++;
          }
        }
        rounds++;
        if (w == m) {
          break;
        }
        removedByCore += m - w;
        m = w;
      }
    }

    // 5. dense re-indexing of survivors
    Arrays.fill(userCount, 0);
    Arrays.fill(itemCount, 0);
    for (int p = 0; p < m; p++) {
      userCount[us[p]]++;
      itemCount[is[p]]++;
    }
    int[] itemMap = new int[numItems];
    String[] itemIds = new String[numItems];
    int newItems = 0;
    for (int k = 0; k < numItems; k++) {
      if (itemCount[k] > 0) {
        itemIds[newItems] = raw.itemId(k);
        itemMap[k] = newItems++;
      } else {
        itemMap[k] = -1;
      }
    }
    String[] userIds = new String[numUsers];
    int newUsers = 0;
    for (int u = 0; u < numUsers; u++) {
      if (userCount[u] > 0) {
        userIds[newUsers++] = raw.userId(u);
      }
    }
    int[] offsets = new int[newUsers + 1];
    int[] items = new int[m];
    long[] times = Arrays.copyOf(ts, m);
    int cu = -1;
    int nu = -1;
    for (int p = 0; p < m; p++) {
      if (us[p] != cu) {
        cu = us[p];
        nu++;
        offsets[nu] = p;
      }
      items[p] = itemMap[is[p]];
    }
    offsets[newUsers] = m;

    PreprocessSummary summary =
        new PreprocessSummary(
            n,
            belowThreshold,
            duplicates,
            rounds,
            removedByCore,
            numUsers,
            numItems,
            m,
            newUsers,
            newItems);
    if (m == 0) {
      throw new EmptyDatasetException(summary, options);
    }
    return new PreparedInteractions(
        Arrays.asList(Arrays.copyOf(userIds, newUsers)),
        Arrays.asList(Arrays.copyOf(itemIds, newItems)),
        offsets,
        items,
        times,
        summary);
  }

  private static boolean isSorted(int[] order, int from, int to, RawInteractions raw) {
    for (int p = from + 1; p < to; p++) {
      if (raw.timestamp(order[p]) < raw.timestamp(order[p - 1])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stable sort of {@code order[from, to)} by timestamp through a primitive sort of packed keys
   * {@code (timestamp - min) << bits | position}: the position makes keys unique, so equal
   * timestamps keep their (file) order. Returns false, without touching {@code order}, when the
   * timestamp range does not fit the key.
   */
  private static boolean packedSort(int[] order, int from, int to, RawInteractions raw) {
    int len = to - from;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int p = from; p < to; p++) {
      long t = raw.timestamp(order[p]);
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    int bits = 32 - Integer.numberOfLeadingZeros(len);
    long range = max - min;
    if (range < 0 || (range >>> (63 - bits)) != 0) {
      return false;
    }
    long[] keys = new long[len];
    for (int p = 0; p < len; p++) {
      keys[p] = ((raw.timestamp(order[from + p]) - min) << bits) | p;
    }
    java.util.Arrays.sort(keys);
    int[] copy = java.util.Arrays.copyOfRange(order, from, to);
    long mask = (1L << bits) - 1;
    for (int p = 0; p < len; p++) {
      order[from + p] = copy[(int) (keys[p] & mask)];
    }
    return true;
  }

  /**
   * Stable merge sort of {@code order[from, to)} by timestamp; ties keep their relative (file)
   * order.
   */
  private static void mergeSort(int[] order, int from, int to, RawInteractions raw, int[] scratch) {
    int len = to - from;
    if (len < 24) {
      for (int p = from + 1; p < to; p++) {
        int v = order[p];
        long t = raw.timestamp(v);
        int q = p - 1;
        while (q >= from && raw.timestamp(order[q]) > t) {
          order[q + 1] = order[q];
          q--;
        }
        order[q + 1] = v;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(order, from, mid, raw, scratch);
    mergeSort(order, mid, to, raw, scratch);
    if (raw.timestamp(order[mid - 1]) <= raw.timestamp(order[mid])) {
      return;
    }
    System.arraycopy(order, from, scratch, 0, len);
    int a = 0;
    int aEnd = mid - from;
    int b = aEnd;
    int out = from;
    while (a < aEnd && b < len) {
      // '<=' takes from the left run on ties: that is what makes the sort stable
      if (raw.timestamp(scratch[a]) <= raw.timestamp(scratch[b])) {
        order[out++] = scratch[a++];
      } else {
        order[out++] = scratch[b++];
      }
    }
    while (a < aEnd) {
      order[out++] = scratch[a++];
    }
    while (b < len) {
      order[out++] = scratch[b++];
    }
  }
}
