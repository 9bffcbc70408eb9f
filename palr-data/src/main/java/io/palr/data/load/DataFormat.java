package io.palr.data.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The input formats palr reads, by the names a CLI exposes ({@code --format ml-1m} ...). */
public enum DataFormat {
  /** MovieLens 1M/10M: a directory with {@code ratings.dat} and {@code movies.dat}. */
  ML_1M("ml-1m", "DIR (with ratings.dat, movies.dat)"),
  /** MovieLens 100K: a directory with {@code u.data}, {@code u.item}, {@code u.genre}. */
  ML_100K("ml-100k", "DIR (with u.data, u.item, u.genre)"),
  /** Amazon reviews: a ratings CSV or reviews JSON lines, optionally a metadata JSON-lines file. */
  AMAZON("amazon", "RATINGS.csv[.gz] [METADATA.json[.gz]]"),
  /** Pre-sequenced {@code user item item ...} lines, optionally a title file. */
  SEQUENCES("sequences", "SEQUENCES.txt [TITLES.tsv|METADATA.json]"),
  /** RecBole atomic files: a directory (or an {@code .inter} file) with an {@code .item} file. */
  RECBOLE("recbole", "DIR or NAME.inter"),
  /**
   * A delimited file with a header naming user, item and timestamp columns, optionally a title
   * file.
   */
  CSV("csv", "FILE.csv [TITLES.tsv|METADATA.json]");

  private final String cliName;
  private final String usage;

  DataFormat(String cliName, String usage) {
    this.cliName = cliName;
    this.usage = usage;
  }

  /** The name used on the command line, e.g. {@code ml-1m}. */
  public String cliName() {
    return cliName;
  }

  /** The paths this format takes, for help texts. */
  public String usage() {
    return usage;
  }

  /**
   * The format with a CLI name (case-insensitive; {@code _} accepted for {@code -}).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static DataFormat fromName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DataFormat f : values()) {
      if (f.cliName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown data format '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(DataFormat::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
