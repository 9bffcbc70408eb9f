package io.palr.spark.prep;

import java.util.Locale;

/** A file format Spark reads interactions or items from. */
public enum InputFormat {
  /** Delimited text (RFC 4180 quoting), with or without a header line. */
  CSV,
  /** One JSON object per line. */
  JSONL,
  /** Apache Parquet. */
  PARQUET;

  /** The format of a name as typed on the command line: csv, tsv, jsonl, json or parquet. */
  public static InputFormat fromName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "csv", "tsv" -> CSV;
      case "jsonl", "json", "ndjson" -> JSONL;
      case "parquet" -> PARQUET;
      default ->
          throw new IllegalArgumentException(
              "unknown format '" + name + "'; expected csv, jsonl or parquet");
    };
  }

  /** The format a path's extension suggests (csv when it says nothing). */
  public static InputFormat guess(String path) {
    String p = path.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|zst|snappy)$", "");
    if (p.endsWith(".parquet") || p.endsWith(".pq")) {
      return PARQUET;
    }
    if (p.endsWith(".jsonl") || p.endsWith(".json") || p.endsWith(".ndjson")) {
      return JSONL;
    }
    return CSV;
  }
}
