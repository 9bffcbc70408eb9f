package io.palr.data.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Entry point for loading data sets: one factory per format, and {@link #forFormat(DataFormat,
 * List)} mapping a format name plus paths (what a CLI has) to a configured loader.
 *
 * <pre>{@code
 * LoadResult ml = DatasetLoaders.movieLens1m(Path.of("ml-1m")).minCore(5).load();
 * LoadResult beauty = DatasetLoaders.sequences(Path.of("beauty/user_sequence.txt"))
 *     .titles(Path.of("beauty/item_titles.tsv")).load();
 * LoadResult any = DatasetLoaders.forFormat("recbole", List.of(Path.of("amazon-games"))).lenient().load();
 * }</pre>
 */
public final class DatasetLoaders {
  private DatasetLoaders() {}

  /** MovieLens 1M (or 10M): a directory with {@code ratings.dat} and {@code movies.dat}. */
  public static MovieLens1mLoader movieLens1m(Path dir) {
    return new MovieLens1mLoader(dir);
  }

  /** MovieLens 100K: a directory with {@code u.data}, {@code u.item} and {@code u.genre}. */
  public static MovieLens100kLoader movieLens100k(Path dir) {
    return new MovieLens100kLoader(dir);
  }

  /**
   * Amazon reviews: a ratings CSV (or review JSON lines); add metadata with {@link
   * AmazonLoader#metadata(Path)}.
   */
  public static AmazonLoader amazon(Path ratings) {
    return new AmazonLoader(ratings);
  }

  /**
   * Pre-sequenced {@code user item item ...} lines; add titles with {@link
   * SequenceFileLoader#titles(Path)}.
   */
  public static SequenceFileLoader sequences(Path file) {
    return new SequenceFileLoader(file);
  }

  /** RecBole atomic files: a directory, or an {@code .inter} file beside its {@code .item} file. */
  public static RecBoleLoader recBole(Path dirOrInterFile) {
    return new RecBoleLoader(dirOrInterFile);
  }

  /** A delimited file with a column mapping (see {@link DelimitedLoader}). */
  public static DelimitedLoader delimited(Path file) {
    return new DelimitedLoader(file);
  }

  /**
   * The loader for a format name ({@code ml-1m|ml-100k|amazon|sequences|recbole|csv}) and its
   * paths.
   *
   * @throws IllegalArgumentException for an unknown format or a wrong number of paths
   */
  public static DatasetLoader<?> forFormat(String format, List<Path> paths) {
    return forFormat(DataFormat.fromName(format), paths);
  }

  /**
   * The loader for a format and its paths: the first path is the main input (directory or file), an
   * optional second one the item metadata where the format takes one.
   *
   * @throws IllegalArgumentException for a wrong number of paths
   */
  public static DatasetLoader<?> forFormat(DataFormat format, List<Path> paths) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(paths, "paths");
    int max =
        switch (format) {
          case ML_1M, ML_100K, RECBOLE -> 1;
          case AMAZON, SEQUENCES, CSV -> 2;
        };
    if (paths.isEmpty() || paths.size() > max) {
      throw new IllegalArgumentException(
          "format "
              + format
              + " takes "
              + format.usage()
              + ", got "
              + paths.size()
              + " path(s): "
              + paths);
    }
    Path main = paths.get(0);
    Path meta = paths.size() > 1 ? paths.get(1) : null;
    return switch (format) {
      case ML_1M -> movieLens1m(main);
      case ML_100K -> movieLens100k(main);
      case RECBOLE -> recBole(main);
      case AMAZON -> meta == null ? amazon(main) : amazon(main).metadata(meta);
      case SEQUENCES -> meta == null ? sequences(main) : sequences(main).titles(meta);
      case CSV -> meta == null ? delimited(main) : delimited(main).titles(meta);
    };
  }
}
