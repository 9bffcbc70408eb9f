package io.palr.data.load;

import io.palr.api.Item;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits MovieLens titles {@code "Heat (1995)"} into title and year. */
public final class MovieTitles {
  private static final Pattern TITLE_YEAR = Pattern.compile("^(.*\\S)\\s*\\((\\d{4})\\)\\s*$");

  private MovieTitles() {}

  /** A builder with the title (year removed) and the year when the title ends with one. */
  public static Item.Builder parse(String id, String rawTitle) {
    String t = rawTitle.strip();
    Matcher m = TITLE_YEAR.matcher(t);
    Item.Builder b = Item.builder(id);
    if (m.matches()) {
      b.title(m.group(1)).year(Integer.parseInt(m.group(2)));
    } else {
      b.title(t);
    }
    return b;
  }
}
