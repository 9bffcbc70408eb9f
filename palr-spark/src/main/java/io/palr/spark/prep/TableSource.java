package io.palr.spark.prep;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a table comes from and how its files are read: paths (files or folders; a folder's files
 * are read in name order), the format and, for delimited text, the separator, the header line and
 * the character set.
 *
 * @param paths the input paths, local or file system URIs
 * @param format the file format
 * @param separator the field separator of delimited text
 * @param header whether delimited text starts with a header line
 * @param charset the character set of text formats
 * @param multiLine whether quoted CSV fields may span lines (files are then read whole, not split)
 */
public record TableSource(
    List<String> paths,
    InputFormat format,
    String separator,
    boolean header,
    String charset,
    boolean multiLine)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The name of the column holding rows Spark could not parse (CSV and JSON Lines). */
  static final String CORRUPT = "_corrupt_record";

  /** Validates the components. */
  public TableSource {
    paths = List.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no input path");
    }
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(separator, "separator");
    if (separator.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    Objects.requireNonNull(charset, "charset");
  }

  /** A source with the usual defaults: comma-separated with a header, UTF-8. */
  public static TableSource of(InputFormat format, String... paths) {
    return new TableSource(List.of(paths), format, ",", true, "UTF-8", false);
  }

  /** This source with another separator. */
  public TableSource withSeparator(String sep) {
    return new TableSource(paths, format, sep, header, charset, multiLine);
  }

  /** This source with or without a header line. */
  public TableSource withHeader(boolean on) {
    return new TableSource(paths, format, separator, on, charset, multiLine);
  }

  /** This source in another character set. */
  public TableSource withCharset(String cs) {
    return new TableSource(paths, format, separator, header, cs, multiLine);
  }

  /** This source with quoted fields that may span lines. */
  public TableSource withMultiLine(boolean on) {
    return new TableSource(paths, format, separator, header, charset, on);
  }

  /** Whether columns are found by index ({@code _c0, _c1, ...}): headerless delimited text. */
  boolean positional() {
    return format == InputFormat.CSV && !header;
  }

  /** Reads the files as strings (text formats) or typed columns (Parquet), unparsed. */
  Dataset<Row> read(SparkSession spark) {
    DataFrameReader r = spark.read();
    String[] p = paths.toArray(String[]::new);
    return switch (format) {
      case CSV ->
          r.option("sep", separator)
              .option("header", header)
              .option("encoding", charset)
              .option("quote", "\"")
              .option("escape", "\"") // RFC 4180: a quote inside quotes is doubled
              .option("ignoreLeadingWhiteSpace", true)
              .option("ignoreTrailingWhiteSpace", true)
              .option("inferSchema", false)
              .option("multiLine", multiLine)
              .option("mode", "PERMISSIVE")
              .csv(p);
      case JSONL ->
          r.option("encoding", charset)
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", CORRUPT)
              .option("primitivesAsString", true)
              .json(p);
      case PARQUET -> r.parquet(p);
    };
  }

  @Override
  public String toString() {
    return String.join(", ", paths) + " (" + format.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
