package io.palr.data.load;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads MovieLens 100K: {@code u.data} (TAB-separated {@code user item rating timestamp}), {@code
 * u.item} ({@code |}-separated {@code id|title|release date|video release date|IMDb URL|} and 19
 * genre flags, ISO-8859-1) and the genre names from {@code u.genre} ({@code name|index}). {@code
 * u.item} is the catalogue: a rating of an item it does not list is an {@link
 * ProblemKind#UNKNOWN_ITEM} error.
 */
public final class MovieLens100kLoader extends DatasetLoader<MovieLens100kLoader> {
  private static final int ITEM_FIELDS = 5;
  private final Path dir;

  MovieLens100kLoader(Path dir) {
    super("ml-100k");
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  ItemSource readInteractions(RawInteractions raw, ProblemCollector problems) throws IOException {
    Path itemFile = Inputs.require(dir, "u.item", "ml-100k");
    Map<String, Item> catalog =
        readItems(itemFile, readGenres(dir.resolve("u.genre"), problems), problems);
    catalog.keySet().forEach(raw::itemKey);
    Path data = Inputs.require(dir, "u.data", "ml-100k");
    try (LineSource src = new LineSource(data, StandardCharsets.ISO_8859_1, problems)) {
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] f = src.split(line, "\t", 4, false);
          String user = src.requireId(f[0], "user id");
          String item = src.requireId(f[1], "item id");
          float rating = src.parseFloat(f[2], "rating");
          long ts = src.parseLong(f[3], "timestamp");
          int itemKey =
              raw.findItem(item)
                  .orElseThrow(
                      () ->
                          src.error(
                              ProblemKind.UNKNOWN_ITEM,
                              "item id",
                              "item " + item + " is not in u.item"));
          raw.add(raw.userKey(user), itemKey, ts, rating);
          problems.accepted();
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return ItemSource.of(catalog, itemFile);
  }

  /**
   * Genre names by flag index; empty when {@code u.genre} is absent (genres are then named by
   * index).
   */
  private static List<String> readGenres(Path file, ProblemCollector problems) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return names;
    }
    try (LineSource src = new LineSource(file, StandardCharsets.ISO_8859_1, problems)) {
      String line;
      while ((line = src.next()) != null) {
        String[] f = src.split(line, "|", 2, false);
        int idx = (int) src.parseLong(f[1], "genre index");
        if (idx != names.size()) {
          throw src.error(
              ProblemKind.INVALID_VALUE,
              "genre index",
              "expected " + names.size() + ", found " + idx);
        }
        names.add(f[0].strip());
      }
    }
    return names;
  }

  private static Map<String, Item> readItems(
      Path file, List<String> genres, ProblemCollector problems) throws IOException {
    Map<String, Item> items = new LinkedHashMap<>();
    Map<String, Long> lineOf = new HashMap<>();
    try (LineSource src = new LineSource(file, StandardCharsets.ISO_8859_1, problems)) {
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] f = src.split(line, "|", ITEM_FIELDS + 1, true);
          String id = src.requireId(f[0], "movie id");
          Long prev = lineOf.putIfAbsent(id, src.line());
          if (prev != null) {
            throw src.error(
                ProblemKind.DUPLICATE_ID,
                "movie id",
                "item " + id + " already listed on line " + prev);
          }
          if (!genres.isEmpty() && f.length != ITEM_FIELDS + genres.size()) {
            throw src.error(
                ProblemKind.MALFORMED_RECORD,
                null,
                "expected "
                    + (ITEM_FIELDS + genres.size())
                    + " '|'-separated fields (5 + "
                    + genres.size()
                    + " genre flags), found "
                    + f.length);
          }
          Item.Builder b = MovieTitles.parse(id, f[1]);
          for (int g = ITEM_FIELDS; g < f.length; g++) {
            String flag = f[g].strip();
            if (!flag.equals("0") && !flag.equals("1")) {
              throw src.error(
                  ProblemKind.INVALID_VALUE,
                  "genre flag " + (g - ITEM_FIELDS),
                  "not 0 or 1: '" + flag + "'");
            }
            if (flag.equals("1")) {
              int gi = g - ITEM_FIELDS;
              b.genre(gi < genres.size() ? genres.get(gi) : "genre" + gi);
            }
          }
          if (!f[2].isBlank()) {
            b.attribute("releaseDate", f[2].strip());
          }
          if (!f[4].isBlank()) {
            b.attribute("imdbUrl", f[4].strip());
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
  Path interactionFile() {
    return dir.resolve("u.data");
  }
}
