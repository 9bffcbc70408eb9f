package io.palr.data.load;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loads MovieLens 1M (and 10M, which has the same layout): {@code movies.dat} ({@code
 * MovieID::Title::Genres}) and {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}),
 * {@code ::}-separated, ISO-8859-1. Titles {@code "Toy Story (1995)"} become title {@code "Toy
 * Story"} and year 1995; genres {@code "Animation|Comedy"} become a list. {@code movies.dat} is the
 * catalogue: a rating of a movie it does not list is an {@link ProblemKind#UNKNOWN_ITEM} error.
 */
public final class MovieLens1mLoader extends DatasetLoader<MovieLens1mLoader> {
  private static final String SEP = "::";
  private final Path ratings;
  private final Path movies;
  private Charset charset = StandardCharsets.ISO_8859_1;

  MovieLens1mLoader(Path dir) {
    this(dir.resolve("ratings.dat"), dir.resolve("movies.dat"));
  }

  MovieLens1mLoader(Path ratings, Path movies) {
    super("ml-1m");
    this.ratings = Objects.requireNonNull(ratings, "ratings");
    this.movies = Objects.requireNonNull(movies, "movies");
  }

  /** Sets the character set of both files (default ISO-8859-1, as GroupLens ships MovieLens 1M). */
  public MovieLens1mLoader charset(Charset charset) {
    this.charset = Objects.requireNonNull(charset, "charset");
    return this;
  }

  /**
   * Reads {@code movies.dat} alone: the catalogue in file order.
   *
   * @throws DatasetFormatException for a bad line (in strict mode)
   */
  public static Map<String, Item> readMovies(Path moviesDat, ErrorPolicy policy)
      throws IOException {
    return readMovies(moviesDat, StandardCharsets.ISO_8859_1, new ProblemCollector(policy));
  }

  static Map<String, Item> readMovies(Path file, Charset charset, ProblemCollector problems)
      throws IOException {
    Map<String, Item> items = new LinkedHashMap<>();
    Map<String, Long> lineOf = new java.util.HashMap<>();
    try (LineSource src = new LineSource(file, charset, problems)) {
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] f = src.split(line, SEP, 3, false);
          String id = src.requireId(f[0], "MovieID");
          src.parseLong(id, "MovieID");
          Long prev = lineOf.putIfAbsent(id, src.line());
          if (prev != null) {
            throw src.error(
                ProblemKind.DUPLICATE_ID,
                "MovieID",
                "movie " + id + " already listed on line " + prev);
          }
          Item.Builder b = MovieTitles.parse(id, f[1]);
          for (String g : f[2].split("\\|", -1)) {
            if (!g.isBlank()) {
              b.genre(g.strip());
            }
          }
          items.put(id, b.build());
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return items;
  }

  @Override
  ItemSource readInteractions(RawInteractions raw, ProblemCollector problems) throws IOException {
    Map<String, Item> catalog = readMovies(movies, charset, problems);
    catalog.keySet().forEach(raw::itemKey); // the catalogue keeps movies.dat order
    try (LineSource src = new LineSource(ratings, charset, problems)) {
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] f = src.split(line, SEP, 4, false);
          String user = src.requireId(f[0], "UserID");
          String item = src.requireId(f[1], "MovieID");
          float rating = src.parseFloat(f[2], "Rating");
          long ts = src.parseLong(f[3], "Timestamp");
          int itemKey =
              raw.findItem(item)
                  .orElseThrow(
                      () ->
                          src.error(
                              ProblemKind.UNKNOWN_ITEM,
                              "MovieID",
                              "movie " + item + " is not in " + movies.getFileName()));
          raw.add(raw.userKey(user), itemKey, ts, rating);
          problems.accepted();
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return ItemSource.of(catalog, movies);
  }

  @Override
  Path interactionFile() {
    return ratings;
  }
}
