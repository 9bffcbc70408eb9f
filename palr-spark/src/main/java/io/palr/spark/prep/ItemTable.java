package io.palr.spark.prep;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The item table: titles and metadata of the items, and optionally the catalogue itself.
 *
 * <p>With {@code catalogOrder} the table is authoritative, as the MovieLens item files are for
 * palr's loaders: items are indexed in the table's file order, and an interaction naming an item
 * the table does not list is a malformed row. Without it, items are indexed in order of first
 * appearance in the interactions (as palr's CSV loader does) and the table only supplies metadata.
 *
 * @param table the files
 * @param id the item id column, or null for the first of {@code item_id}, {@code item}, {@code id},
 *     {@code asin} that the table has
 * @param title the title column, or null
 * @param genres the genres column (an array, or text split at {@code genreSeparator}), or null
 * @param brand the brand column, or null
 * @param year the year column, or null
 * @param genreSeparator the separator of genres given as text
 * @param catalogOrder whether the table is the catalogue (see above)
 * @param movieLensGenres non-null for MovieLens 100K's {@code u.item} layout (id, title with year,
 *     dates, URL, then one 0/1 flag per genre named here); the column references are then unused
 */
public record ItemTable(
    TableSource table,
    ColumnRef id,
    ColumnRef title,
    ColumnRef genres,
    ColumnRef brand,
    ColumnRef year,
    String genreSeparator,
    boolean catalogOrder,
    List<String> movieLensGenres)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates the components. */
  public ItemTable {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(genreSeparator, "genreSeparator");
    // a null id column means "the first of item_id, item, id, asin present" (idCandidates)
    if (movieLensGenres != null) {
      movieLensGenres = List.copyOf(movieLensGenres);
    }
  }

  /**
   * A metadata table with columns found by name: id from {@code item_id}, {@code item}, {@code id},
   * {@code asin} (the first present), {@code title}, {@code genres} ({@code |}-separated text or an
   * array), {@code brand}, {@code year}; headerless CSV has id and title in columns 0 and 1.
   */
  public static ItemTable of(TableSource table) {
    if (table.positional()) {
      return new ItemTable(
          table, ColumnRef.at(0), ColumnRef.at(1), null, null, null, "|", false, null);
    }
    return new ItemTable(
        table,
        null,
        ColumnRef.named("title"),
        ColumnRef.named("genres"),
        ColumnRef.named("brand"),
        ColumnRef.named("year"),
        "|",
        false,
        null);
  }

  /** MovieLens 100K's {@code u.item} with the given genre names (from {@code u.genre}). */
  public static ItemTable movieLens100k(String path, List<String> genreNames) {
    TableSource t =
        new TableSource(List.of(path), InputFormat.CSV, "|", false, "ISO-8859-1", false);
    return new ItemTable(t, ColumnRef.at(0), null, null, null, null, "|", true, genreNames);
  }

  /** This table with its columns given explicitly (null keeps the current one). */
  public ItemTable withColumns(ColumnRef id, ColumnRef title, ColumnRef genres) {
    return new ItemTable(
        table,
        id == null ? this.id : id,
        title == null ? this.title : title,
        genres == null ? this.genres : genres,
        brand,
        year,
        genreSeparator,
        catalogOrder,
        movieLensGenres);
  }

  /** This table as the authoritative catalogue, or as metadata only. */
  public ItemTable withCatalogOrder(boolean on) {
    return new ItemTable(
        table, id, title, genres, brand, year, genreSeparator, on, movieLensGenres);
  }

  /** Id column candidates when none was given. */
  List<ColumnRef> idCandidates() {
    return id != null
        ? List.of(id)
        : List.of(
            ColumnRef.named("item_id"),
            ColumnRef.named("item"),
            ColumnRef.named("id"),
            ColumnRef.named("asin"));
  }
}
