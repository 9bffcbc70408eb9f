package io.palr.spark.job;

import io.palr.data.prep.PreprocessOptions;
import io.palr.spark.prep.ColumnRef;
import io.palr.spark.prep.InputFormat;
import io.palr.spark.prep.InteractionSource;
import io.palr.spark.prep.ItemTable;
import io.palr.spark.prep.MovieLens100k;
import io.palr.spark.prep.PrepareResult;
import io.palr.spark.prep.PreparedData;
import io.palr.spark.prep.SnapshotConverter;
import io.palr.spark.prep.SparkPreparer;
import io.palr.spark.prep.TableSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palr spark prepare}: distributed preparation of an interaction log. */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Prepare an interaction log on Spark: rating threshold, de-duplication, iterative k-core,",
      "chronological order (file order on equal timestamps), leave-one-out split; writes Parquet.",
      "Formats: csv (or tsv), jsonl, parquet (columns user, item, timestamp, optional rating), or",
      "ml-100k (a MovieLens 100K folder, read as 'palr prepare --format ml-100k' reads it)."
    },
    footer = {
      "",
      "Examples:",
      "  palr spark prepare --format ml-100k ../shared/data/ml-100k -o data/ml100k-spark"
          + " --snapshot data/ml100k.palrds",
      "  palr spark prepare logs/*.parquet --items items.jsonl --rating-threshold 4 -o data/shop"
    })
final class PrepareJob implements Callable<Integer> {
  @Mixin JobOptions job;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Interaction files or folders.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, tsv, jsonl, parquet or ml-100k (default: from the file name).")
  String format;

  @Option(
      names = "--separator",
      paramLabel = "SEP",
      description = "Field separator of csv (default ',', tsv: TAB).")
  String separator;

  @Option(
      names = "--no-header",
      description = "CSV files have no header line: give columns by 0-based index.")
  boolean noHeader;

  @Option(
      names = "--charset",
      paramLabel = "NAME",
      defaultValue = "UTF-8",
      description = "Character set of text files (default: ${DEFAULT-VALUE}).")
  String charset;

  @Option(
      names = "--user-col",
      paramLabel = "COL",
      description = "User column: name or 0-based index.")
  String userCol;

  @Option(
      names = "--item-col",
      paramLabel = "COL",
      description = "Item column: name or 0-based index.")
  String itemCol;

  @Option(
      names = "--timestamp-col",
      paramLabel = "COL",
      description = "Timestamp column: name or 0-based index.")
  String timestampCol;

  @Option(names = "--no-timestamp", description = "No timestamp: file order is the order.")
  boolean noTimestamp;

  @Option(
      names = "--rating-col",
      paramLabel = "COL",
      description = "Rating column: name or 0-based index.")
  String ratingCol;

  @Option(
      names = "--items",
      paramLabel = "PATH",
      description = "Item table with titles and metadata (csv, jsonl or parquet).")
  String items;

  @Option(
      names = "--items-separator",
      paramLabel = "SEP",
      description = "Field separator of a csv item table (default ',').")
  String itemsSeparator;

  @Option(
      names = "--items-catalog",
      description =
          "The item table is the catalogue: its order, and interactions with other items are malformed.")
  boolean itemsCatalog;

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
      description = "Keep only interactions rated at least R.")
  Double ratingThreshold;

  @Option(names = "--keep-repeats", description = "Keep repeated interactions with the same item.")
  boolean keepRepeats;

  @Option(
      names = "--strict",
      description = "Fail at malformed rows instead of skipping and counting them.")
  boolean strict;

  @Option(
      names = "--show-malformed",
      paramLabel = "N",
      defaultValue = "5",
      description = "Malformed rows to show (default: ${DEFAULT-VALUE}).")
  int showMalformed;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Data set name (default: from the input).")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Output folder (Parquet tables and _palr.json).")
  String output;

  @Option(
      names = "--snapshot",
      paramLabel = "FILE",
      description =
          "Also write palr's snapshot (data that fits one JVM), for 'palr train/evaluate --data'.")
  Path snapshot;

  @Override
  public Integer call() throws Exception {
    PreprocessOptions options;
    try {
      options =
          PreprocessOptions.defaults()
              .withMinCore(minCore, minItemCore == null ? minCore : minItemCore)
              .withDeduplicate(!keepRepeats);
      if (ratingThreshold != null) {
        options = options.withRatingThreshold(ratingThreshold);
      }
    } catch (IllegalArgumentException e) {
      throw new PalrSparkJob.UsageException(e.getMessage());
    }
    if (showMalformed < 0) {
      throw new PalrSparkJob.UsageException("--show-malformed must be >= 0");
    }
    try (JobOptions.Session s = job.start("palr spark prepare")) {
      InteractionSource source;
      ItemTable itemTable = null;
      String fmt = format == null ? InputFormat.guess(paths.get(0)).name() : format;
      if (fmt.equalsIgnoreCase("ml-100k")) {
        if (paths.size() != 1) {
          throw new PalrSparkJob.UsageException("--format ml-100k takes one folder");
        }
        source = MovieLens100k.interactions(paths.get(0));
        itemTable =
            MovieLens100k.items(paths.get(0), s.spark().sparkContext().hadoopConfiguration());
        if (name == null) {
          name = "ml-100k"; // as 'palr prepare --format ml-100k' names it
        }
      } else {
        InputFormat f;
        try {
          f = InputFormat.fromName(fmt);
        } catch (IllegalArgumentException e) {
          throw new PalrSparkJob.UsageException("--format: " + e.getMessage() + " or ml-100k");
        }
        String sep =
            separator != null ? unescape(separator) : fmt.equalsIgnoreCase("tsv") ? "\t" : ",";
        TableSource table = new TableSource(paths, f, sep, !noHeader, charset, false);
        source =
            InteractionSource.of(table)
                .withColumns(ref(userCol), ref(itemCol), ref(timestampCol), ref(ratingCol));
        if (noTimestamp) {
          source = source.withoutTimestamp();
        }
        if (items != null) {
          TableSource t =
              new TableSource(
                  List.of(items),
                  InputFormat.guess(items),
                  itemsSeparator == null ? "," : unescape(itemsSeparator),
                  true,
                  charset,
                  false);
          itemTable = ItemTable.of(t).withCatalogOrder(itemsCatalog);
        }
      }
      SparkPreparer.Builder b =
          SparkPreparer.builder(s.spark())
              .interactions(source)
              .options(options)
              .strict(strict)
              .shownProblems(showMalformed);
      if (itemTable != null) {
        b.items(itemTable);
      }
      if (name != null) {
        b.name(name);
      }
      PrepareResult r = b.build().prepare(output);
      System.out.println(r);
      System.out.printf(
          Locale.ROOT,
          "wrote %s in %.1f s (master %s)%n",
          r.output(),
          r.elapsed().toMillis() / 1000.0,
          s.spark().sparkContext().master());
      if (snapshot != null) {
        var d =
            SnapshotConverter.write(s.spark(), PreparedData.open(s.spark(), r.output()), snapshot);
        System.out.println("wrote " + snapshot + " (fingerprint " + d.fingerprint() + ")");
      }
    }
    return 0;
  }

  private static ColumnRef ref(String s) {
    return s == null ? null : ColumnRef.parse(s);
  }

  static String unescape(String sep) {
    return switch (sep) {
      case "\\t", "tab", "TAB" -> "\t";
      case "\\|" -> "|";
      default -> sep;
    };
  }
}
