package io.palr.core.parse;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalises titles for matching: lower case, accents removed, a trailing year such as {@code
 * (1995)} removed, a leading English article or a trailing MovieLens-style article ({@code
 * "Godfather, The"}) removed, {@code &} read as "and", punctuation turned into spaces and
 * whitespace collapsed. {@link #core} additionally drops every parenthesised part (alternative
 * titles, {@code a.k.a.} notes).
 */
public final class TitleNormalizer {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern YEAR_SUFFIX =
      Pattern.compile("\\s*[(\\[]\\s*(1[89]|20)\\d\\d\\s*[)\\]]\\s*$");
  private static final Pattern PARENS = Pattern.compile("\\([^()]*\\)|\\[[^\\[\\]]*]");
  private static final Pattern TRAILING_ARTICLE =
      Pattern.compile(",\\s*(the|a|an|la|le|les|l'|il|el|los|las|das|der|die|den|det)\\s*$");
  private static final Pattern LEADING_ARTICLE = Pattern.compile("^(the|a|an)\\s+");
  private static final Pattern AKA =
      Pattern.compile("^a\\.?k\\.?a\\.?\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> EMPTY_AFTER = Set.of("");

  private TitleNormalizer() {}

  /** The normalised form of a title; may be empty for text without letters or digits. */
  public static String normalize(String title) {
    String s = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("");
    s = s.toLowerCase(Locale.ROOT).trim();
    s = YEAR_SUFFIX.matcher(s).replaceAll("");
    s = TRAILING_ARTICLE.matcher(s).replaceAll("");
    s = s.replace("&", " and ");
    s = NON_ALNUM.matcher(s).replaceAll(" ").trim();
    s = LEADING_ARTICLE.matcher(s).replaceAll("");
    return EMPTY_AFTER.contains(s) ? "" : s;
  }

  /**
   * The alternative titles written in parentheses, e.g. {@code "Se7en"} for {@code "Seven (Se7en)
   * (1995)"} or {@code "Shall We Dance?"} for {@code "Shall We Dance? (Shall We Dansu?) (1996)"},
   * without an "a.k.a." prefix; parts without a letter (years) are skipped.
   */
  public static java.util.List<String> alternatives(String title) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = PARENS.matcher(title);
    while (m.find()) {
      String inner = m.group().substring(1, m.group().length() - 1).strip();
      inner = AKA.matcher(inner).replaceFirst("").strip();
      if (inner.length() >= 2 && inner.chars().anyMatch(Character::isLetter)) {
        out.add(inner);
      }
    }
    return out;
  }

  /** The normalised form with every parenthesised part removed, e.g. alternative titles. */
  public static String core(String title) {
    String s = title;
    String prev;
    do {
      prev = s;
      s = PARENS.matcher(s).replaceAll(" ");
    } while (!s.equals(prev));
    return normalize(s);
  }
}
