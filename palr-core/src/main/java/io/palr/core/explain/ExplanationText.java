package io.palr.core.explain;

import io.palr.api.Item;
import io.palr.core.prompt.ItemRenderer;

/**
 * Writes untrusted text (titles, attribute values, names) into explanation sentences and prompts.
 * On top of {@link ItemRenderer#sanitize} (one line, no control characters, no {@code ##} runs,
 * capped length) it turns double quotes into single ones, so a title can never close the quotes it
 * is cited in, and angle brackets into {@code ‹ ›}, so no markup tag survives into a sentence a
 * host application might show as HTML. The title normaliser ignores all of these marks, so
 * grounding is unaffected.
 */
public final class ExplanationText {
  private ExplanationText() {}

  /** The item as a sentence or prompt cites it: its title, or its id when it has none. */
  public static String title(Item item) {
    String t = clean(item.title());
    return t.isEmpty() ? clean(item.id()) : t;
  }

  /** The item's title in double quotes, e.g. {@code "Heat (1995)"}. */
  public static String quoted(Item item) {
    return '"' + title(item) + '"';
  }

  /** Untrusted text made safe for one line of a sentence or prompt; may be empty. */
  public static String clean(String text) {
    String s = ItemRenderer.sanitize(text);
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb' -> sb.append('\'');
        case '<' -> sb.append('\u2039');
        case '>' -> sb.append('\u203a');
        case '`' -> sb.append('\'');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Text for a terminal: every control or format character (ANSI escape sequences, line breaks,
   * bidirectional overrides) becomes a space, so untrusted text can neither move the cursor nor
   * fake further output lines.
   */
  public static String forTerminal(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control =
          Character.isISOControl(c)
              || c == '\u2028'
              || c == '\u2029'
              || Character.getType(c) == Character.FORMAT;
      sb.append(control ? ' ' : c);
    }
    return sb.toString();
  }
}
