package io.palr.eval.experiment;

import io.palr.core.prompt.Domain;
import io.palr.data.InteractionDataset;
import io.palr.data.load.DatasetLoaders;
import io.palr.data.synthetic.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which data set an experiment runs on: the embedded synthetic demo data, MovieLens-100K ({@code
 * u.data} + {@code u.item}, 5-core) or Amazon Beauty ({@code user_sequence.txt} + {@code
 * item_titles.tsv}, 5-core).
 *
 * @param kind the kind of data
 * @param path the folder holding the files (unused for synthetic data)
 * @param syntheticConfig the generator settings (only for synthetic data)
 */
public record DataSpec(Kind kind, Path path, SyntheticDataset.Config syntheticConfig) {
  /** The supported data sets. */
  public enum Kind {
    /** {@link SyntheticDataset}, generated in memory. */
    SYNTHETIC,
    /** MovieLens-100K folder. */
    MOVIELENS_100K,
    /** Amazon Beauty in the P5 sequence format. */
    BEAUTY
  }

  /** Validates the components. */
  public DataSpec {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.SYNTHETIC) {
      Objects.requireNonNull(syntheticConfig, "synthetic config");
    } else {
      Objects.requireNonNull(path, "path");
    }
  }

  /** The demo data with default settings (1,000 users, about 400 films). */
  public static DataSpec synthetic() {
    return synthetic(SyntheticDataset.Config.defaults());
  }

  /** Synthetic data with the given generator settings. */
  public static DataSpec synthetic(SyntheticDataset.Config config) {
    return new DataSpec(Kind.SYNTHETIC, null, config);
  }

  /** MovieLens-100K in {@code dir}. */
  public static DataSpec movieLens100k(Path dir) {
    return new DataSpec(Kind.MOVIELENS_100K, dir, null);
  }

  /** Amazon Beauty in {@code dir}. */
  public static DataSpec beauty(Path dir) {
    return new DataSpec(Kind.BEAUTY, dir, null);
  }

  /**
   * Parses a command-line value: {@code synthetic}, {@code ml-100k}, {@code beauty} (looked up
   * under {@code sharedDir/data}) or a folder path (recognised by its files).
   *
   * @throws IllegalArgumentException if the value names nothing known
   */
  public static DataSpec parse(String value, Path sharedDir) {
    String v = value.trim();
    switch (v.toLowerCase(Locale.ROOT)) {
      case "synthetic", "demo" -> {
        return synthetic();
      }
      case "ml-100k", "ml100k", "movielens-100k" -> {
        return movieLens100k(sharedDir.resolve("data/ml-100k"));
      }
      case "beauty" -> {
        return beauty(sharedDir.resolve("data/beauty"));
      }
      default -> {
        Path p = Path.of(v);
        if (Files.exists(p.resolve("u.data"))) {
          return movieLens100k(p);
        }
        if (Files.exists(p.resolve("user_sequence.txt"))) {
          return beauty(p);
        }
        throw new IllegalArgumentException(
            "unknown data set '"
                + value
                + "': use synthetic, ml-100k, beauty or a folder holding u.data or user_sequence.txt");
      }
    }
  }

  /** A short name for reports, e.g. "ml-100k". */
  public String name() {
    return switch (kind) {
      case SYNTHETIC -> "synthetic";
      case MOVIELENS_100K -> "ml-100k";
      case BEAUTY -> "beauty";
    };
  }

  /** The prompt wording of the domain. */
  public Domain domain() {
    return kind == Kind.BEAUTY ? Domain.PRODUCTS : Domain.MOVIES;
  }

  /**
   * Loads (or generates) the data set.
   *
   * @throws IOException if a file is missing or unreadable (loader exceptions name the file and
   *     line)
   */
  public InteractionDataset load() throws IOException {
    return switch (kind) {
      case SYNTHETIC -> SyntheticDataset.generate(syntheticConfig);
      case MOVIELENS_100K -> DatasetLoaders.movieLens100k(path).minCore(5).load().dataset();
      case BEAUTY ->
          DatasetLoaders.sequences(path.resolve("user_sequence.txt"))
              .titles(path.resolve("item_titles.tsv"))
              .name("beauty")
              .minCore(5)
              .load()
              .dataset();
    };
  }
}
