package io.palr.data.load;

import io.palr.data.load.CsvInteractionReader.Column;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads any delimited interaction file (CSV, TSV, ...) with a column mapping: user, item, and
 * optionally timestamp (an integer, a decimal or an ISO-8601 date/instant; without one, file order
 * is the order) and rating. Parsing is RFC 4180 (quoted fields may contain separators and newlines)
 * via Apache Commons CSV.
 *
 * <p>Defaults: separator {@code ','}, a header line, UTF-8, and columns found by name: user from
 * {@code user_id}, {@code user}, {@code userId}; item from {@code item_id}, {@code item}, {@code
 * itemId}, {@code movieId}, {@code asin}; timestamp from {@code timestamp}, {@code time}, {@code
 * ts}; rating from {@code rating}. Optional item metadata as for {@link
 * SequenceFileLoader#titles(Path)}.
 */
public final class DelimitedLoader extends DatasetLoader<DelimitedLoader> {
  private final Path file;
  private char separator = ',';
  private boolean header = true;
  private Charset charset = StandardCharsets.UTF_8;
  private List<Column> user =
      List.of(Column.named("user_id"), Column.named("user"), Column.named("userId"));
  private List<Column> item =
      List.of(
          Column.named("item_id"),
          Column.named("item"),
          Column.named("itemId"),
          Column.named("movieId"),
          Column.named("asin"));
  private List<Column> timestamp =
      List.of(Column.named("timestamp"), Column.named("time"), Column.named("ts"));
  private List<Column> rating = List.of(Column.named("rating"));
  private Path titles;
  private boolean decodeHtml = true;

  DelimitedLoader(Path file) {
    super(fileStem(file, "csv"));
    this.file = Objects.requireNonNull(file, "file");
  }

  /** Sets the field separator (default {@code ','}; {@code '\t'} for TSV). */
  public DelimitedLoader separator(char separator) {
    this.separator = separator;
    return this;
  }

  /**
   * Whether the first line is a header (default true). Switching it off resets the column mapping
   * to user = column 0, item = column 1, no timestamp (file order) and no rating; set other columns
   * by index afterwards.
   */
  public DelimitedLoader header(boolean header) {
    this.header = header;
    if (!header) {
      // named defaults cannot apply; keep only what the user sets by index
      user = List.of(Column.at(0));
      item = List.of(Column.at(1));
      timestamp = List.of();
      rating = List.of();
    }
    return this;
  }

  /** Sets the character set (default UTF-8; malformed bytes are errors). */
  public DelimitedLoader charset(Charset charset) {
    this.charset = Objects.requireNonNull(charset, "charset");
    return this;
  }

  /** Sets the user column by header name. */
  public DelimitedLoader userColumn(String name) {
    user = List.of(Column.named(name));
    return this;
  }

  /** Sets the user column by 0-based index. */
  public DelimitedLoader userColumn(int index) {
    user = List.of(Column.at(index));
    return this;
  }

  /** Sets the item column by header name. */
  public DelimitedLoader itemColumn(String name) {
    item = List.of(Column.named(name));
    return this;
  }

  /** Sets the item column by 0-based index. */
  public DelimitedLoader itemColumn(int index) {
    item = List.of(Column.at(index));
    return this;
  }

  /** Sets the timestamp column by header name. */
  public DelimitedLoader timestampColumn(String name) {
    timestamp = List.of(Column.named(name));
    return this;
  }

  /** Sets the timestamp column by 0-based index. */
  public DelimitedLoader timestampColumn(int index) {
    timestamp = List.of(Column.at(index));
    return this;
  }

  /** Reads no timestamp: file order is the chronological order. */
  public DelimitedLoader noTimestamp() {
    timestamp = List.of();
    return this;
  }

  /** Sets the rating column by header name. */
  public DelimitedLoader ratingColumn(String name) {
    rating = List.of(Column.named(name));
    return this;
  }

  /** Sets the rating column by 0-based index. */
  public DelimitedLoader ratingColumn(int index) {
    rating = List.of(Column.at(index));
    return this;
  }

  /** Reads no rating even if a column is named {@code rating}. */
  public DelimitedLoader noRating() {
    rating = List.of();
    return this;
  }

  /** Sets the item metadata file (titles), as for {@link SequenceFileLoader#titles(Path)}. */
  public DelimitedLoader titles(Path file) {
    this.titles = Objects.requireNonNull(file, "file");
    return this;
  }

  /** Whether to decode HTML character references in titles; default true. */
  public DelimitedLoader decodeHtmlEntities(boolean on) {
    this.decodeHtml = on;
    return this;
  }

  @Override
  ItemSource readInteractions(RawInteractions raw, ProblemCollector problems) throws IOException {
    new CsvInteractionReader(file, charset, separator, header)
        .read(new CsvInteractionReader.Mapping(user, item, timestamp, rating), raw, problems);
    return titles == null ? ItemSource.none() : ItemSource.fromFile(titles, decodeHtml);
  }

  @Override
  Path interactionFile() {
    return file;
  }
}
