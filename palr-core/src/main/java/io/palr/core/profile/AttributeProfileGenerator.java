package io.palr.core.profile;

import io.palr.api.Item;
import io.palr.api.ProfileGenerator;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.prompt.ItemRenderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default, model-free profile: the user's top genres, brands and decades, each item weighted by
 * recency (the most recent item weighs 1, the one before {@code decay}, then {@code decay²}, ...).
 * Keywords are lower case, e.g. {@code ["sci-fi", "action", "1990s"]}; the profile text is e.g.
 * "sci-fi, action; 1990s". Immutable and thread-safe.
 */
public final class AttributeProfileGenerator implements ProfileGenerator {
  /** The name used in provenance. */
  public static final String NAME = "attributes";

  private final int maxGenres;
  private final int maxBrands;
  private final int maxDecades;
  private final double decay;

  /**
   * A generator keeping the given number of keywords per attribute kind.
   *
   * @param maxGenres the most genres kept
   * @param maxBrands the most brands kept
   * @param maxDecades the most decades kept
   * @param decay the recency weight factor per step back in time, in (0, 1]
   */
  public AttributeProfileGenerator(int maxGenres, int maxBrands, int maxDecades, double decay) {
    if (maxGenres < 0 || maxBrands < 0 || maxDecades < 0) {
      throw new IllegalArgumentException("keyword counts must be >= 0");
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1]: " + decay);
    }
    this.maxGenres = maxGenres;
    this.maxBrands = maxBrands;
    this.maxDecades = maxDecades;
    this.decay = decay;
  }

  /** Three genres, one brand, one decade, decay 0.9. */
  public AttributeProfileGenerator() {
    this(3, 1, 1, 0.9);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public UserProfile profile(UserHistory history) {
    Map<String, Double> genres = new LinkedHashMap<>();
    Map<String, Double> brands = new LinkedHashMap<>();
    Map<String, Double> decades = new LinkedHashMap<>();
    double w = 1;
    List<Item> items = history.items();
    for (int i = items.size() - 1; i >= 0; i--) {
      Item it = items.get(i);
      for (String g : it.genres()) {
        add(genres, g, w);
      }
      final double weight = w;
      it.brand().ifPresent(b -> add(brands, b, weight));
      it.year().ifPresent(y -> add(decades, (y / 10 * 10) + "s", weight));
      w *= decay;
    }
    List<String> genreKw = top(genres, maxGenres);
    List<String> rest = new ArrayList<>(top(brands, maxBrands));
    rest.addAll(top(decades, maxDecades));
    List<String> keywords = new ArrayList<>(genreKw);
    for (String r : rest) {
      if (!keywords.contains(r)) {
        keywords.add(r);
      }
    }
    if (keywords.isEmpty()) {
      return UserProfile.empty(NAME);
    }
    String text = String.join(", ", genreKw);
    String tail = String.join(", ", rest);
    text = text.isEmpty() ? tail : tail.isEmpty() ? text : text + "; " + tail;
    return new UserProfile(keywords, text, NAME);
  }

  private static void add(Map<String, Double> map, String key, double w) {
    String k = ItemRenderer.sanitize(key).toLowerCase(Locale.ROOT);
    if (!k.isEmpty() && !k.equals("(no genres listed)") && !k.equals("unknown")) {
      map.merge(k, w, Double::sum);
    }
  }

  private static List<String> top(Map<String, Double> counts, int n) {
    // ties keep first-seen (most recent) order: the sort is stable over the insertion-ordered
    // entries
    return counts.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }
}
