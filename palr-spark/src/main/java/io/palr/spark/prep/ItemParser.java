package io.palr.spark.prep;

import io.palr.api.Item;
import io.palr.data.load.MovieTitles;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parses item table rows into items (id, title, genres, brand, year, attributes) the way palr's
 * loaders build them. Input: for the column layout, the text of id, title, genres, brand and year
 * then the corrupt record, file, block and sequence; for MovieLens 100K, every column of {@code
 * u.item} then the same four.
 */
final class ItemParser implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final int ML_FIELDS = 5;

  private final String genreSeparator;
  private final List<String> movieLensGenres;

  ItemParser(String genreSeparator, List<String> movieLensGenres) {
    this.genreSeparator = genreSeparator;
    this.movieLensGenres = movieLensGenres;
  }

  @Override
  public Row call(Row in) {
    return parse(in);
  }

  Row parse(Row in) {
    int n = in.length();
    String corrupt = in.getString(n - 4);
    String file = in.getString(n - 3);
    long block = in.getLong(n - 2);
    long seq = in.getLong(n - 1);
    String id = in.isNullAt(0) ? null : in.getString(0).strip();
    try {
      if (corrupt != null) {
        throw new IllegalArgumentException(
            "not a valid record: '" + InteractionParser.abbreviate(corrupt) + "'");
      }
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("empty item id");
      }
      Item item = movieLensGenres != null ? movieLens(in, id, n - 4) : columns(in, id);
      return RowFactory.create(
          item.id(),
          item.title(),
          CollectionConverters.asScala(item.genres()).toSeq(),
          item.brand().orElse(null),
          item.year().isPresent() ? item.year().getAsInt() : null,
          CollectionConverters.asScala(item.attributes()),
          file,
          block,
          seq,
          null);
    } catch (IllegalArgumentException e) {
      return RowFactory.create(id, null, null, null, null, null, file, block, seq, e.getMessage());
    }
  }

  private Item columns(Row in, String id) {
    Item.Builder b = Item.builder(id);
    if (!in.isNullAt(1)) {
      b.title(in.getString(1).strip());
    }
    if (!in.isNullAt(2)) {
      for (String g :
          java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(genreSeparator))
              .split(in.getString(2), -1)) {
        if (!g.isBlank()) {
          b.genre(g.strip());
        }
      }
    }
    if (!in.isNullAt(3) && !in.getString(3).isBlank()) {
      b.brand(in.getString(3).strip());
    }
    if (!in.isNullAt(4) && !in.getString(4).isBlank()) {
      try {
        b.year(Integer.parseInt(in.getString(4).strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field 'year': not a year: '" + in.getString(4) + "'");
      }
    }
    return b.build();
  }

  /** As palr's MovieLens 100K loader reads a line of {@code u.item}. */
  private Item movieLens(Row in, String id, int fields) {
    int expected = ML_FIELDS + movieLensGenres.size();
    // Spark reads an empty field as null, like a missing one: the genre flags, never empty, tell
    // whether the line had all its fields
    int present = 0;
    for (int f = 0; f < fields; f++) {
      if (f < ML_FIELDS || !in.isNullAt(f)) {
        present = f + 1;
      }
    }
    if (fields < expected || present != expected) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " '|'-separated fields (5 + "
              + movieLensGenres.size()
              + " genre flags), found "
              + present);
    }
    Item.Builder b = MovieTitles.parse(id, text(in, 1));
    List<String> genres = new ArrayList<>();
    for (int g = ML_FIELDS; g < expected; g++) {
      String flag = in.getString(g).strip();
      if (!flag.equals("0") && !flag.equals("1")) {
        throw new IllegalArgumentException(
            "field 'genre flag " + (g - ML_FIELDS) + "': not 0 or 1: '" + flag + "'");
      }
      if (flag.equals("1")) {
        genres.add(movieLensGenres.get(g - ML_FIELDS));
      }
    }
    genres.forEach(b::genre);
    if (!text(in, 2).isBlank()) {
      b.attribute("releaseDate", text(in, 2).strip());
    }
    if (!text(in, 4).isBlank()) {
      b.attribute("imdbUrl", text(in, 4).strip());
    }
    return b.build();
  }

  private static String text(Row in, int i) {
    return in.isNullAt(i) ? "" : in.getString(i);
  }
}
