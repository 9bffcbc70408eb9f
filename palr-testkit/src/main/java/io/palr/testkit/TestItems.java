package io.palr.testkit;

import io.palr.api.Candidate;
import io.palr.api.Item;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made movie items for tests. */
public final class TestItems {
  private TestItems() {}

  /** A movie with a title, genres and a year. */
  public static Item movie(String id, String title, int year, String... genres) {
    return Item.builder(id).title(title).year(year).genres(List.of(genres)).build();
  }

  /** Twenty distinct movies m1..m20. */
  public static List<Item> movies() {
    String[][] rows = {
      {"Toy Story (1995)", "1995", "Animation"},
      {"Jumanji (1995)", "1995", "Adventure"},
      {"Heat (1995)", "1995", "Action"},
      {"Casino (1995)", "1995", "Drama"},
      {"Godfather, The (1972)", "1972", "Crime"},
      {"Alien (1979)", "1979", "Sci-Fi"},
      {"Aliens (1986)", "1986", "Sci-Fi"},
      {"Star Wars (1977)", "1977", "Sci-Fi"},
      {"Fargo (1996)", "1996", "Crime"},
      {"Babe (1995)", "1995", "Children's"},
      {"Clueless (1995)", "1995", "Comedy"},
      {"Braveheart (1995)", "1995", "Action"},
      {"Apollo 13 (1995)", "1995", "Drama"},
      {"Batman Forever (1995)", "1995", "Action"},
      {"Pulp Fiction (1994)", "1994", "Crime"},
      {"Shawshank Redemption, The (1994)", "1994", "Drama"},
      {"Forrest Gump (1994)", "1994", "Comedy"},
      {"Lion King, The (1994)", "1994", "Animation"},
      {"Mask, The (1994)", "1994", "Comedy"},
      {"Speed (1994)", "1994", "Action"},
    };
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      out.add(movie("m" + (i + 1), rows[i][0], Integer.parseInt(rows[i][1]), rows[i][2]));
    }
    return out;
  }

  /** Candidates from items, scores descending in list order. */
  public static List<Candidate> candidates(List<Item> items) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(new Candidate(items.get(i), items.size() - i, "test"));
    }
    return out;
  }
}
