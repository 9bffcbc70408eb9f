package io.palr.core.profile;

import io.palr.core.prompt.ItemRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads preference keywords from model output robustly: stops at a new {@code ###} section, splits
 * at commas, semicolons, line breaks and bullets, strips numbering, quotes and a leading
 * "keywords:"-style label, and keeps only short phrases (1-4 words, up to 40 characters, with a
 * letter, not one word repeated, not filler such as "none"), lower-cased and de-duplicated.
 */
public final class KeywordParser {
  private static final Pattern SPLIT = Pattern.compile("[,;\\n\\r|•]+|\\s+-\\s+");
  private static final Pattern MARKER = Pattern.compile("^(?:[-*+>]+|\\(?\\d{1,2}[.):])\\s*");
  private static final Pattern LABEL =
      Pattern.compile(
          "^(?:(?:the\\s+)?(?:user'?s?\\s+)?(?:preferences?|keywords?|profile|likes?)\\s*:\\s*)",
          Pattern.CASE_INSENSITIVE);
  private static final java.util.Set<String> FILLER =
      java.util.Set.of(
          "none", "n/a", "na", "unknown", "null", "nothing", "keywords", "preferences", "etc");
  private static final int MAX_WORDS = 4;
  private static final int MAX_CHARS = 40;

  private KeywordParser() {}

  /** At most {@code max} keywords from the text; empty when it holds none. */
  public static List<String> parse(String text, int max) {
    String body = text;
    int section = body.indexOf("###");
    if (section >= 0) {
      body = body.substring(0, section);
    }
    List<String> out = new ArrayList<>();
    for (String raw : SPLIT.split(body, -1)) {
      String s = ItemRenderer.sanitize(raw);
      s = LABEL.matcher(s).replaceFirst("");
      s = MARKER.matcher(s).replaceFirst("").strip();
      s = s.replaceAll("^[\"'`*]+|[\"'`*.!:]+$", "").strip().toLowerCase(Locale.ROOT);
      String[] words = s.split("\\s+", -1);
      if (s.isEmpty()
          || s.length() > MAX_CHARS
          || words.length > MAX_WORDS
          || s.chars().noneMatch(Character::isLetter)
          || out.contains(s)
          || FILLER.contains(s)
          || (words.length > 1 && java.util.Arrays.stream(words).distinct().count() == 1)) {
        continue;
      }
      out.add(s);
      if (out.size() >= max) {
        break;
      }
    }
    return out;
  }
}
