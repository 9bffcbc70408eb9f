package io.palr.text;

import io.palr.api.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * The text an item is embedded from: its title (its id when the title is blank), then the metadata
 * the data set has: genres or categories, brand or studio, year and a {@code category} attribute,
 * e.g. {@code "Harbor of Stars III. Action, Drama. Atlas Films. 1994"}.
 */
public final class ItemText {
  private ItemText() {}

  /** The item's text. */
  public static String of(Item item) {
    List<String> parts = new ArrayList<>();
    parts.add(item.displayName().strip());
    if (!item.genres().isEmpty()) {
      parts.add(String.join(", ", item.genres()));
    }
    String category = item.attributes().get("category");
    if (category != null && !category.isBlank() && !item.genres().contains(category)) {
      parts.add(category.strip());
    }
    item.brand().filter(b -> !b.isBlank()).ifPresent(b -> parts.add(b.strip()));
    item.year().ifPresent(y -> parts.add(Integer.toString(y)));
    return String.join(". ", parts);
  }

  /** Whether the item has no title, so its text starts with its id. */
  public static boolean usesIdFallback(Item item) {
    return !item.hasTitle();
  }
}
