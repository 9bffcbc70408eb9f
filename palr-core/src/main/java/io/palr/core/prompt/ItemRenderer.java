package io.palr.core.prompt;

import io.palr.api.Item;
import java.util.Objects;

/**
 * Writes items (and other untrusted text such as profile keywords) into prompts safely. Item titles
 * come from data files and are untrusted: {@link #sanitize} folds every line break and control
 * character into a space, collapses runs of {@code #} (so no title can fake a {@code ### Response:}
 * marker), collapses whitespace and caps the length. Each item therefore occupies exactly one line
 * of the prompt, introduced by the template's own {@code "- "} bullet, and can never start a
 * section of its own. A rendering is never empty: an item without a usable title is written by its
 * id.
 *
 * <p>Immutable and thread-safe.
 */
public final class ItemRenderer {
  /** The longest rendering of one piece of untrusted text, in characters; longer text is cut. */
  public static final int MAX_TEXT_LENGTH = 160;

  private final ItemStyle style;

  /** A renderer writing items in the given style. */
  public ItemRenderer(ItemStyle style) {
    this.style = Objects.requireNonNull(style, "style");
  }

  /** The style items are written in. */
  public ItemStyle style() {
    return style;
  }

  /** The single-line, non-empty text a prompt uses for the item. */
  public String render(Item item) {
    String id = sanitize(item.id());
    String title = sanitize(item.title());
    if (id.isEmpty()) {
      id = "item";
    }
    if (title.isEmpty()) {
      return id;
    }
    return style == ItemStyle.ID_AND_TITLE ? id + " (" + title + ")" : title;
  }

  /**
   * The item with its attributes, for the profile task: e.g. {@code Toy Story (1995) | genres:
   * Animation, Comedy | year: 1995}.
   */
  public String renderWithAttributes(Item item) {
    StringBuilder sb = new StringBuilder(render(item));
    if (!item.genres().isEmpty()) {
      sb.append(" | genres: ");
      for (int i = 0; i < item.genres().size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(sanitize(item.genres().get(i)));
      }
    }
    item.brand()
        .map(ItemRenderer::sanitize)
        .filter(b -> !b.isEmpty())
        .ifPresent(b -> sb.append(" | brand: ").append(b));
    item.year().ifPresent(y -> sb.append(" | year: ").append(y));
    return sb.toString();
  }

  /**
   * Makes untrusted text safe to place on one prompt line: control characters and line/paragraph
   * separators become spaces, runs of {@code #} become one {@code #}, whitespace is collapsed and
   * trimmed, and the result is cut to {@link #MAX_TEXT_LENGTH} characters (never inside a surrogate
   * pair).
   */
  public static String sanitize(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_TEXT_LENGTH + 8));
    boolean space = true; // drop leading whitespace
    char prev = 0;
    for (int i = 0; i < text.length() && sb.length() < MAX_TEXT_LENGTH; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)
          || Character.isWhitespace(c)
          || c == '\u2028'
          || c == '\u2029'
          || c == '\u00a0'
          || Character.getType(c) == Character.FORMAT) {
        if (!space) {
          sb.append(' ');
          space = true;
        }
        prev = ' ';
        continue;
      }
      if (c == '#' && prev == '#') {
        continue;
      }
      sb.append(c);
      space = false;
      prev = c;
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(sb.charAt(end - 1))) {
      end--;
    }
    return sb.substring(0, end);
  }
}
