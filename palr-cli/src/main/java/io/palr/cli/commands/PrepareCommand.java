package io.palr.cli.commands;

import io.palr.cli.options.DataOptions;
import io.palr.cli.support.ResolvedConfig;
import io.palr.cli.support.UsageException;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.load.DataFormat;
import io.palr.data.load.DatasetLoader;
import io.palr.data.load.DatasetLoaders;
import io.palr.data.load.LoadResult;
import io.palr.data.snapshot.DatasetSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palr prepare}: loads a data set in one of the supported formats (or the synthetic data),
 * applies k-core and rating filters, prints statistics and the leave-one-out split, and saves a
 * binary snapshot the other commands read with {@code --data}, with its resolved configuration
 * beside it in {@code FILE.resolved-config.json}. The snapshot is written atomically and never over
 * one of its inputs.
 */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Load a data set, print its statistics and leave-one-out split, and save a binary snapshot.",
      "Formats and their paths:",
      "  ml-1m      DIR with ratings.dat, movies.dat",
      "  ml-100k    DIR with u.data, u.item, u.genre",
      "  amazon     RATINGS.csv[.gz] [METADATA.json[.gz]]",
      "  sequences  SEQUENCES.txt [TITLES.tsv|METADATA.json]",
      "  recbole    DIR or NAME.inter",
      "  csv        FILE.csv [TITLES.tsv|METADATA.json]"
    },
    footer = {
      "",
      "Examples:",
      "  palr prepare --format ml-1m data/ml-1m -o data/ml-1m.palrds",
      "  palr prepare --synthetic --synthetic-users 500 -o data/demo.palrds"
    })
public final class PrepareCommand extends PalrCommand {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Input format: ml-1m, ml-100k, amazon, sequences, recbole or csv.")
  String format;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..2",
      description = "Input path(s) of the format (see above).")
  List<Path> paths = new ArrayList<>();

  @Mixin DataOptions synthetic;

  @Option(
      names = "--min-core",
      paramLabel = "K",
      defaultValue = "5",
      description = "Iterative k-core for users and items; 0 disables (default: ${DEFAULT-VALUE}).")
  int minCore;

  @Option(
      names = "--min-item-core",
      paramLabel = "K",
      description = "Separate k-core threshold for items (default: --min-core).")
  Integer minItemCore;

  @Option(
      names = "--rating-threshold",
      paramLabel = "R",
      description = "Keep only interactions rated at least R (formats with ratings).")
  Double ratingThreshold;

  @Option(names = "--keep-repeats", description = "Keep repeated interactions with the same item.")
  boolean keepRepeats;

  @Option(
      names = "--lenient",
      description = "Skip and count malformed records instead of failing at the first.")
  boolean lenient;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Data set name (default: derived from the input).")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "Snapshot file to write, e.g. data/ml-1m.palrds.")
  Path output;

  /** Creates the command; picocli fills the fields. */
  public PrepareCommand() {}

  @Override
  protected boolean usesEngine() {
    return false;
  }

  @Override
  protected int execute() throws Exception {
    Map<String, String> props = new LinkedHashMap<>();
    Map<String, Path> inputs = new LinkedHashMap<>(synthetic.inputs());
    for (int i = 0; i < paths.size(); i++) {
      inputs.put("#" + i, paths.get(i));
    }
    if (common != null && common.config != null) {
      inputs.put("--config", common.config);
    }
    requireSeparate(output, inputs);
    requireSeparate(
        output.resolveSibling(output.getFileName() + "." + ResolvedConfig.FILE_NAME), inputs);
    if (Files.isDirectory(output)) {
      throw new UsageException(
          typed("-o", "--output") + " " + output + " is a folder; give the snapshot's file name");
    }
    InteractionDataset dataset;
    if (synthetic.synthetic || synthetic.data != null) {
      if (format != null || !paths.isEmpty()) {
        throw new UsageException("give either --format with input paths, or --synthetic, not both");
      }
      DataOptions.Loaded loaded = synthetic.load();
      dataset = loaded.dataset();
      props.putAll(loaded.properties());
      out().println("data set '" + dataset.name() + "': " + dataset.statistics());
    } else {
      if (format == null) {
        throw new UsageException(
            "missing --format (ml-1m, ml-100k, amazon, sequences, recbole, csv) or --synthetic");
      }
      DataFormat fmt;
      try {
        fmt = DataFormat.fromName(format);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      DatasetLoader<?> loader;
      try {
        loader = DatasetLoaders.forFormat(fmt, paths);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      for (Path p : paths) {
        if (!p.toFile().exists()) {
          throw new UsageException("no such file or directory: " + p);
        }
      }
      try {
        loader
            .minCore(minCore, minItemCore == null ? minCore : minItemCore)
            .deduplicate(!keepRepeats);
        if (ratingThreshold != null) {
          loader.ratingThreshold(ratingThreshold);
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      if (lenient) {
        loader.lenient();
      }
      if (name != null) {
        loader.name(name);
      }
      LoadResult result = loader.load();
      dataset = result.dataset();
      out().println(result);
      props.put("format", fmt.cliName());
      props.put(
          "source",
          String.join(" ", paths.stream().map(p -> p.toAbsolutePath().toString()).toList()));
      props.put("preprocessing", loader.preprocessing().toString());
      props.put("skipped_records", String.valueOf(result.report().skippedRecords()));
    }
    props.put("created", Instant.now().toString());
    LeaveOneOutSplit split;
    try {
      split = LeaveOneOutSplit.of(dataset);
    } catch (IllegalArgumentException e) {
      String from =
          paths.isEmpty()
              ? ""
              : String.join(", ", paths.stream().map(Path::toString).toList()) + ": ";
      throw new UsageException(from + e.getMessage() + " (lower --min-core?)", e);
    }
    out()
        .printf(
            Locale.ROOT,
            "leave-one-out split: %,d users (%,d too short to split), %,d items, %,d training"
                + " interactions%n",
            split.numUsers(),
            split.tooShortUsers().size(),
            split.numItems(),
            trainingInteractions(split));
    Path sidecar = output.resolveSibling(output.getFileName() + "." + ResolvedConfig.FILE_NAME);
    // the old snapshot's configuration goes first: a configuration never describes another file
    Files.deleteIfExists(sidecar);
    DatasetSnapshot.write(new DatasetSnapshot(dataset, props), output);
    ResolvedConfig.writeFile(spec, sidecar);
    out().println("wrote " + output + " (fingerprint " + dataset.fingerprint() + ")");
    return 0;
  }

  private static long trainingInteractions(LeaveOneOutSplit split) {
    long n = 0;
    for (int u = 0; u < split.numUsers(); u++) {
      n += split.dataset().length(split.sourceUser(u)) - 2;
    }
    return n;
  }
}
