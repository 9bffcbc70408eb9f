package io.palr.eval.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Computes where a target lands in a ranking, robustly: counts instead of sorting (ties are kept
 * for the {@link TiePolicy}), excluded items ignored, duplicates in exclusion lists and candidate
 * lists tolerated, and NaN scores rejected with a message naming the user.
 */
public final class Ranks {
  private Ranks() {}

  /**
   * The target's rank among all items of a score row except the excluded ones.
   *
   * @param scores one score per catalogue item, higher is better
   * @param target the target's item index
   * @param excluded item indices left out of the ranking (the user's known items); may contain
   *     duplicates and the target, which is never excluded
   * @param userId the user, for error messages
   * @throws InvalidScoreException if the target's score or any ranked item's score is NaN
   */
  public static TargetRank full(float[] scores, int target, int[] excluded, String userId) {
    checkIndex(target, scores.length, "target", userId);
    float t = scores[target];
    if (Float.isNaN(t)) {
      throw nan(userId, target);
    }
    // Branch-free counting: with real scores "s > t" is unpredictable, and a branchy loop pays for
    // every mispredict.
    int better = 0;
    int tied = 0;
    int nans = 0;
    for (int i = 0; i < scores.length; i++) {
      float s = scores[i];
      better += s > t ? 1 : 0;
      tied += s == t ? 1 : 0;
      nans += Float.isNaN(s) ? 1 : 0;
    }
    tied--; // the target itself
    // Take the excluded items back out instead of masking: no per-user allocation over the
    // catalogue.
    int[] ex = excluded.clone();
    Arrays.sort(ex);
    for (int j = 0; j < ex.length; j++) {
      int e = ex[j];
      if (e == target || (j > 0 && ex[j - 1] == e)) {
        continue;
      }
      checkIndex(e, scores.length, "history item", userId);
      float s = scores[e];
      if (s > t) {
        better--;
      } else if (s == t) {
        tied--;
      } else if (Float.isNaN(s)) {
        nans--;
      }
    }
    if (nans > 0) {
      throw nan(userId, firstNanNotExcluded(scores, ex, target));
    }
    return TargetRank.of(better, tied);
  }

  /**
   * The target's rank among itself and sampled negatives.
   *
   * @param scores one score per catalogue item
   * @param target the target's item index
   * @param negatives the sampled negative item indices (distinct, never the target)
   * @param userId the user, for error messages
   * @throws InvalidScoreException if the target's or a negative's score is NaN
   */
  public static TargetRank sampled(float[] scores, int target, int[] negatives, String userId) {
    checkIndex(target, scores.length, "target", userId);
    float t = scores[target];
    if (Float.isNaN(t)) {
      throw nan(userId, target);
    }
    int better = 0;
    int tied = 0;
    for (int n : negatives) {
      checkIndex(n, scores.length, "negative", userId);
      float s = scores[n];
      if (s > t) {
        better++;
      } else if (s == t) {
        tied++;
      } else if (Float.isNaN(s)) {
        throw nan(userId, n);
      }
    }
    return TargetRank.of(better, tied);
  }

  /**
   * The target's position in a ranked list of item indices, skipping excluded (known) items and
   * repeated entries; a target that is not in the list is a {@link TargetRank#miss()}. Entries
   * after the first {@code cutoff} kept ones are ignored.
   *
   * @param ranked item indices, best first; negative entries (items unknown to the catalogue) are
   *     skipped
   * @param target the target's item index
   * @param excluded known items to skip; the target is never skipped
   * @param cutoff the list length that counts, at least 1
   */
  public static TargetRank inList(List<Integer> ranked, int target, int[] excluded, int cutoff) {
    Metric.checkCutoff(cutoff);
    int[] ex = excluded.clone();
    Arrays.sort(ex);
    java.util.HashSet<Integer> seen = new java.util.HashSet<>();
    int position = 0;
    for (Integer item : ranked) {
      if (item == null || item < 0 || !seen.add(item)) {
        continue;
      }
      if (item != target && Arrays.binarySearch(ex, item) >= 0) {
        continue;
      }
      position++;
      if (position > cutoff) {
        break;
      }
      if (item == target) {
        return TargetRank.atPosition(position);
      }
    }
    return TargetRank.miss();
  }

  private static int firstNanNotExcluded(float[] scores, int[] sortedExcluded, int target) {
    for (int i = 0; i < scores.length; i++) {
      if (Float.isNaN(scores[i]) && (i == target || Arrays.binarySearch(sortedExcluded, i) < 0)) {
        return i;
      }
    }
    return -1;
  }

  private static void checkIndex(int index, int numItems, String what, String userId) {
    if (index < 0 || index >= numItems) {
      throw new IllegalArgumentException(
          "user '"
              + userId
              + "': "
              + what
              + " index "
              + index
              + " outside the score row of "
              + numItems
              + " items");
    }
  }

  private static InvalidScoreException nan(String userId, int item) {
    return new InvalidScoreException(
        "score is NaN for user '" + userId + "' at item index " + item);
  }
}
