package io.palr.core.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Matches a piece of text to one of a fixed list of entries (items), each known by a few aliases
 * (its rendering, its title) and optionally an id. Tries, in order: exact alias, id (when enabled),
 * normalised alias, alias without parenthesised parts, normalised prefix (the text continues after
 * the title), then fuzzy similarity (the larger of token Jaccard and normalised Levenshtein over
 * normalised forms) at or above a threshold.
 *
 * <p>When several entries share a key (e.g. two films called "Hamlet" once years are dropped), the
 * first entry that the caller's preference accepts wins (the parser prefers entries not yet
 * matched), else the first one.
 *
 * <p>Immutable and thread-safe.
 */
public final class TitleMatcher {
  /**
   * A successful match.
   *
   * @param index the entry's index
   * @param kind how it matched
   * @param score 1 for all but fuzzy matches, else the similarity
   */
  public record Match(int index, MatchKind kind, double score) {}

  private static final int MIN_PREFIX_CHARS = 6;

  private final Map<String, int[]> exact = new HashMap<>();
  private final Map<String, int[]> ids = new HashMap<>();
  private final Map<String, int[]> normalized = new HashMap<>();
  private final Map<String, int[]> core = new HashMap<>();
  private final List<List<String>> normalizedAliases = new ArrayList<>();
  private final double fuzzyThreshold;
  private final boolean fuzzy;
  private final int size;

  /**
   * A matcher over entries {@code 0..aliases.size()-1}.
   *
   * @param aliases per entry, the strings it may be written as (blank ones are ignored)
   * @param entryIds per entry, its id, or null to disable id matching; must be as long as {@code
   *     aliases} when given
   * @param fuzzyThreshold the similarity a fuzzy match needs, in (0, 1]; {@code Double.NaN}
   *     disables fuzzy matching
   */
  public TitleMatcher(List<List<String>> aliases, List<String> entryIds, double fuzzyThreshold) {
    Objects.requireNonNull(aliases, "aliases");
    if (entryIds != null && entryIds.size() != aliases.size()) {
      throw new IllegalArgumentException("ids and aliases differ in length");
    }
    this.fuzzy = !Double.isNaN(fuzzyThreshold);
    if (fuzzy && !(fuzzyThreshold > 0 && fuzzyThreshold <= 1)) {
      throw new IllegalArgumentException("fuzzyThreshold must be in (0, 1]: " + fuzzyThreshold);
    }
    this.fuzzyThreshold = fuzzyThreshold;
    this.size = aliases.size();
    for (int i = 0; i < aliases.size(); i++) {
      List<String> norms = new ArrayList<>();
      for (String a : aliases.get(i)) {
        if (a == null || a.isBlank()) {
          continue;
        }
        put(exact, a.trim(), i);
        String n = TitleNormalizer.normalize(a);
        if (!n.isEmpty()) {
          put(normalized, n, i);
          if (!norms.contains(n)) {
            norms.add(n);
          }
        }
        String c = TitleNormalizer.core(a);
        if (!c.isEmpty()) {
          put(core, c, i);
        }
      }
      normalizedAliases.add(List.copyOf(norms));
      if (entryIds != null && entryIds.get(i) != null && !entryIds.get(i).isBlank()) {
        put(ids, entryIds.get(i).trim().toLowerCase(Locale.ROOT), i);
      }
    }
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  /** Matches the text, preferring no entry over another among equals. */
  public Optional<Match> match(String text) {
    return match(text, i -> true);
  }

  /**
   * Matches the text to an entry.
   *
   * @param text the text, e.g. one line of model output with list markers already removed
   * @param preferred among entries that match equally well, the first accepted by this predicate
   *     wins
   */
  public Optional<Match> match(String text, IntPredicate preferred) {
    return match(text, preferred, true);
  }

  /**
   * Matches the text to an entry, optionally only strictly (exact, id, normalised, core; no prefix
   * or fuzzy match).
   *
   * @param text the text, e.g. one line of model output with list markers already removed
   * @param preferred among entries that match equally well, the first accepted by this predicate
   *     wins
   * @param loose whether prefix and fuzzy matches are allowed
   */
  public Optional<Match> match(String text, IntPredicate preferred, boolean loose) {
    String t = text.trim();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    int[] hit = exact.get(t);
    if (hit != null) {
      return Optional.of(new Match(pick(hit, preferred), MatchKind.EXACT, 1));
    }
    if (!ids.isEmpty()) {
      hit = ids.get(leadingId(t));
      if (hit != null) {
        return Optional.of(new Match(pick(hit, preferred), MatchKind.ID, 1));
      }
    }
    String n = TitleNormalizer.normalize(t);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    hit = normalized.get(n);
    if (hit != null) {
      return Optional.of(new Match(pick(hit, preferred), MatchKind.NORMALIZED, 1));
    }
    String c = TitleNormalizer.core(t);
    hit = c.isEmpty() ? null : core.get(c);
    if (hit != null) {
      return Optional.of(new Match(pick(hit, preferred), MatchKind.CORE, 1));
    }
    if (!loose) {
      return Optional.empty();
    }
    Optional<Match> prefix = prefixMatch(n, preferred);
    if (prefix.isPresent()) {
      return prefix;
    }
    return fuzzy ? fuzzyMatch(n, preferred) : Optional.empty();
  }

  private Optional<Match> prefixMatch(String n, IntPredicate preferred) {
    int best = -1;
    int bestLen = 0;
    for (int i = 0; i < size; i++) {
      for (String a : normalizedAliases.get(i)) {
        if (a.length() >= MIN_PREFIX_CHARS
            && n.length() > a.length()
            && n.startsWith(a)
            && n.charAt(a.length()) == ' '
            && (a.length() > bestLen
                || (a.length() == bestLen && !preferred.test(best) && preferred.test(i)))) {
          best = i;
          bestLen = a.length();
        }
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(new Match(best, MatchKind.PREFIX, 1));
  }

  private Optional<Match> fuzzyMatch(String n, IntPredicate preferred) {
    int best = -1;
    double bestScore = 0;
    for (int i = 0; i < size; i++) {
      for (String a : normalizedAliases.get(i)) {
        double s = Similarity.tokenJaccard(n, a);
        int maxLen = Math.max(n.length(), a.length());
        // Levenshtein can only reach the threshold when the lengths are close enough; skip the
        // O(n*m) work otherwise
        if (s < fuzzyThreshold
            && Math.abs(n.length() - a.length()) <= (1 - fuzzyThreshold) * maxLen) {
          s = Math.max(s, Similarity.levenshteinSimilarity(n, a));
        }
        if (s > bestScore
            || (s == bestScore && best >= 0 && !preferred.test(best) && preferred.test(i))) {
          best = i;
          bestScore = s;
        }
      }
    }
    return best >= 0 && bestScore >= fuzzyThreshold
        ? Optional.of(new Match(best, MatchKind.FUZZY, bestScore))
        : Optional.empty();
  }

  /**
   * The whole text, or its first word when the rest is a parenthesised or dashed title ("B001 (Lip
   * Balm)").
   */
  private static String leadingId(String t) {
    int sp = 0;
    while (sp < t.length() && !Character.isWhitespace(t.charAt(sp)) && t.charAt(sp) != '(') {
      sp++;
    }
    String rest = t.substring(sp).strip();
    if (!rest.isEmpty() && "(-:\u2013".indexOf(rest.charAt(0)) < 0) {
      return "";
    }
    return t.substring(0, sp).toLowerCase(Locale.ROOT);
  }

  private static int pick(int[] hits, IntPredicate preferred) {
    for (int i : hits) {
      if (preferred.test(i)) {
        return i;
      }
    }
    return hits[0];
  }

  private static void put(Map<String, int[]> map, String key, int i) {
    int[] old = map.get(key);
    if (old == null) {
      map.put(key, new int[] {i});
    } else if (old[old.length - 1] != i) {
      int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = i;
      map.put(key, grown);
    }
  }
}
