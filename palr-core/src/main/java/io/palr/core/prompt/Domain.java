package io.palr.core.prompt;

import java.util.Objects;

/**
 * The wording of a recommendation domain, used to phrase prompts ("The user has watched the
 * following movies").
 *
 * @param name a short name used in template names, e.g. "movies"
 * @param singular the item noun, singular, e.g. "movie"
 * @param plural the item noun, plural, e.g. "movies"
 * @param pastVerb the interaction verb in the past tense, e.g. "watched"
 * @param baseVerb the interaction verb's base form, e.g. "watch"
 * @param itemStyle how items are written in prompts of this domain
 */
public record Domain(
    String name,
    String singular,
    String plural,
    String pastVerb,
    String baseVerb,
    ItemStyle itemStyle) {

  /** Movies (MovieLens): "watched" movies, written by title. */
  public static final Domain MOVIES =
      new Domain("movies", "movie", "movies", "watched", "watch", ItemStyle.TITLE);

  /** Products (Amazon Beauty): "purchased" products, written as {@code id (title)}. */
  public static final Domain PRODUCTS =
      new Domain(
          "products", "product", "products", "purchased", "purchase", ItemStyle.ID_AND_TITLE);

  /** Video games (Amazon Games): "played" games, written by title. */
  public static final Domain GAMES =
      new Domain("games", "game", "games", "played", "play", ItemStyle.TITLE);

  /** Validates the components. */
  public Domain {
    requireWord(name, "name");
    requireWord(singular, "singular");
    requireWord(plural, "plural");
    requireWord(pastVerb, "pastVerb");
    requireWord(baseVerb, "baseVerb");
    Objects.requireNonNull(itemStyle, "itemStyle");
  }

  /** A copy of this domain that writes items in the given style. */
  public Domain withItemStyle(ItemStyle style) {
    return new Domain(name, singular, plural, pastVerb, baseVerb, style);
  }

  private static void requireWord(String s, String field) {
    Objects.requireNonNull(s, field);
    if (s.isBlank() || s.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '#')) {
      throw new IllegalArgumentException(
          "domain " + field + " must be a non-blank single line without '#': " + s);
    }
  }
}
