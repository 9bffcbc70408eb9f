package io.palr.cli.options;

import io.palr.cli.support.UsageException;
import io.palr.core.prompt.Domain;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.snapshot.DatasetSnapshot;
import io.palr.data.synthetic.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command's data comes from: a snapshot written by {@code palr prepare} ({@code --data
 * FILE}) or the embedded synthetic movie data ({@code --synthetic}).
 */
public final class DataOptions {
  /** A data set snapshot written by {@code palr prepare}. */
  @Option(
      names = "--data",
      paramLabel = "SNAPSHOT",
      description = "Data set snapshot written by 'palr prepare'.")
  public Path data;

  /** Whether to use the synthetic demo data instead of a snapshot. */
  @Option(
      names = "--synthetic",
      description = "Use the embedded synthetic movie data instead of a snapshot.")
  public boolean synthetic;

  /** Users of the synthetic data. */
  @Option(
      names = "--synthetic-users",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Users of the synthetic data (default: ${DEFAULT-VALUE}).")
  public int syntheticUsers;

  /** Franchises of the synthetic data. */
  @Option(
      names = "--synthetic-franchises",
      paramLabel = "N",
      defaultValue = "160",
      description =
          "Franchises of the synthetic data, about 2.5 films each (default: ${DEFAULT-VALUE}).")
  public int syntheticFranchises;

  /** Seed of the synthetic data. */
  @Option(
      names = "--synthetic-seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  public long syntheticSeed;

  /** The item domain used to phrase prompts. */
  @Option(
      names = "--domain",
      paramLabel = "NAME",
      description = "Prompt wording: movies, products or games (default: from the data set).")
  public String domain;

  /** Creates the options; picocli fills the fields. */
  public DataOptions() {}

  /** The input files these options name ({@code --data}), by option. */
  public Map<String, Path> inputs() {
    return data == null ? Map.of() : Map.of("--data", data);
  }

  /**
   * A loaded data set with its leave-one-out split.
   *
   * @param dataset the data set
   * @param split its leave-one-out split
   * @param source a description of where it came from
   * @param properties how the data set was prepared (snapshot properties; synthetic settings)
   * @param domain the prompt wording for its items
   */
  public record Loaded(
      InteractionDataset dataset,
      LeaveOneOutSplit split,
      String source,
      Map<String, String> properties,
      Domain domain) {}

  /**
   * Loads the data set the options name.
   *
   * @throws UsageException if neither or both of {@code --data} and {@code --synthetic} are given,
   *     or the snapshot is missing
   * @throws IOException if the snapshot cannot be read (a damaged file names the problem)
   */
  public Loaded load() throws IOException {
    if (synthetic == (data != null)) {
      throw new UsageException(
          synthetic
              ? "give either --data or --synthetic, not both"
              : "no data: give --data SNAPSHOT (from 'palr prepare') or --synthetic");
    }
    InteractionDataset dataset;
    Map<String, String> properties;
    String source;
    if (synthetic) {
      SyntheticDataset.Config c;
      try {
        c =
            new SyntheticDataset.Config(
                syntheticUsers,
                syntheticFranchises,
                SyntheticDataset.Config.defaults().minLength(),
                SyntheticDataset.Config.defaults().maxLength(),
                SyntheticDataset.Config.defaults().sequelProbability(),
                SyntheticDataset.Config.defaults().relatedProbability(),
                syntheticSeed);
        SyntheticDataset.requireMemory(c);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--synthetic-users/--synthetic-franchises: " + e.getMessage(), e);
      }
      dataset = SyntheticDataset.generate(c);
      properties =
          Map.of(
              "format",
              "synthetic",
              "users",
              String.valueOf(syntheticUsers),
              "franchises",
              String.valueOf(syntheticFranchises),
              "seed",
              String.valueOf(syntheticSeed));
      source = "synthetic (" + syntheticUsers + " users, seed " + syntheticSeed + ")";
    } else {
      if (!Files.exists(data)) {
        throw new UsageException(
            "no such data snapshot: " + data + " (create one with 'palr prepare')");
      }
      DatasetSnapshot snap = DatasetSnapshot.read(data);
      dataset = snap.dataset();
      properties = snap.properties();
      source = data.toString();
    }
    LeaveOneOutSplit split;
    try {
      split = LeaveOneOutSplit.of(dataset);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source + ": " + e.getMessage(), e);
    }
    return new Loaded(dataset, split, source, properties, resolveDomain(properties.get("format")));
  }

  private Domain resolveDomain(String format) {
    String name =
        domain != null
            ? domain
            : format == null
                ? "movies"
                : switch (format) {
                  case "amazon" -> "products";
                  default -> "movies";
                };
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "movies" -> Domain.MOVIES;
      case "products" -> Domain.PRODUCTS;
      case "games" -> Domain.GAMES;
      default ->
          throw new UsageException(
              "unknown --domain '" + name + "'; expected movies, products or games");
    };
  }
}
