package io.palr.core.parse;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** String similarity measures in [0, 1] used for fuzzy title matching. */
public final class Similarity {
  private Similarity() {}

  /**
   * The Levenshtein edit distance (insertions, deletions, substitutions of chars), in O(|a|·|b|)
   * time and O(|b|) memory.
   */
  public static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** 1 - distance / max(length); 1 for two empty strings. */
  public static double levenshteinSimilarity(String a, String b) {
    int max = Math.max(a.length(), b.length());
    return max == 0 ? 1.0 : 1.0 - (double) levenshtein(a, b) / max;
  }

  /** |A ∩ B| / |A ∪ B| over whitespace-separated tokens; 1 for two empty strings. */
  public static double tokenJaccard(String a, String b) {
    Set<String> ta = tokens(a);
    Set<String> tb = tokens(b);
    if (ta.isEmpty() && tb.isEmpty()) {
      return 1.0;
    }
    int inter = 0;
    for (String t : ta) {
      if (tb.contains(t)) {
        inter++;
      }
    }
    return (double) inter / (ta.size() + tb.size() - inter);
  }

  private static Set<String> tokens(String s) {
    Set<String> out = new HashSet<>();
    for (String t : List.of(s.trim().split("\\s+"))) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }
}
