package io.palr.openai;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from any text before it reaches a log line, an exception message or a {@code
 * toString}: the configured API key wherever it occurs, bearer tokens, and strings shaped like
 * OpenAI keys ({@code sk-...}) that a server may echo back in an error body.
 */
final class Redactor {

  static final String MASK = "[REDACTED]";
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
  private static final Pattern KEY_SHAPED = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{6,}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * Shorter keys (placeholders such as vLLM's "EMPTY" aside) are not secrets worth garbling every
   * log line for.
   */
  private static final int MIN_LITERAL_KEY_CHARS = 4;

  private final String apiKey;
  private final int maxExcerptChars;

  Redactor(String apiKey, int maxExcerptChars) {
    this.apiKey = apiKey == null || apiKey.length() < MIN_LITERAL_KEY_CHARS ? "" : apiKey;
    this.maxExcerptChars = maxExcerptChars;
  }

  /** The text with every secret replaced by {@value #MASK}. */
  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = apiKey.isEmpty() ? text : text.replace(apiKey, MASK);
    s = BEARER.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return KEY_SHAPED.matcher(s).replaceAll(Matcher.quoteReplacement(MASK));
  }

  /**
   * A redacted, whitespace-collapsed, shortened excerpt for messages (redaction happens before
   * cutting).
   */
  String excerpt(String text) {
    String s = WHITESPACE.matcher(redact(text)).replaceAll(" ").strip();
    if (s.length() <= maxExcerptChars) {
      return s;
    }
    return s.substring(0, maxExcerptChars) + "...(" + s.length() + " chars)";
  }
}
