package io.palr.spark.prep;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.palr.data.LeaveOneOutSplit;
import io.palr.data.prep.EmptyDatasetException;
import io.palr.data.prep.PreprocessOptions;
import io.palr.data.prep.PreprocessSummary;
import io.palr.spark.io.OutputFolder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.storage.StorageLevel;

/**
 * palr's {@code Preprocessor} on Spark: reads an interaction log of any size, applies the rating
 * threshold, de-duplication and the iterative k-core, orders each user's interactions
 * chronologically with palr's tie rule, re-indexes users and items densely exactly as palr does,
 * splits leave-one-out and writes Parquet ({@link PreparedData} reads it back). Nothing is
 * collected on the driver but counts and the first malformed rows, so the driver's memory does not
 * grow with the data.
 *
 * <p>The tie rule needs file order, which a distributed read does not keep by itself: every row
 * carries its file, the start of its file block ({@code _metadata.file_block_start}) and {@code
 * monotonically_increasing_id()} taken at the scan, which increases along the rows of a block
 * within its task. Ordering by (file name, block start, id) is therefore the order of the rows in
 * the files, and equal timestamps are broken by it, as palr's stable sort does.
 */
public final class SparkPreparer {
  /** Malformed rows shown by default. */
  public static final int DEFAULT_SHOWN_PROBLEMS = 5;

  private static final String FIRST = "_first";
  private static final String USER_IDX = PreparedData.USER_IDX;
  private static final String ITEM_IDX = PreparedData.ITEM_IDX;

  private final SparkSession spark;
  private final InteractionSource interactions;
  private final ItemTable items;
  private final PreprocessOptions options;
  private final boolean strict;
  private final int shownProblems;
  private final String name;

  private SparkPreparer(Builder b) {
    this.spark = b.spark;
    this.interactions = Objects.requireNonNull(b.interactions, "interactions");
    this.items = b.items;
    this.options = b.options;
    this.strict = b.strict;
    this.shownProblems = b.shownProblems;
    this.name = b.name;
  }

  /** Starts a builder on a session. */
  public static Builder builder(SparkSession spark) {
    return new Builder(spark);
  }

  /**
   * Prepares the data and writes {@code output} (through a temporary sibling folder: a failure
   * leaves a previous output intact).
   *
   * @throws InputException for unusable input: a missing file or column, an empty input, malformed
   *     rows under strict mode
   * @throws EmptyDatasetException when the filters leave no interaction
   */
  public PrepareResult prepare(String output) {
    OutputFolder out = OutputFolder.of(output, spark.sparkContext().hadoopConfiguration());
    List<Dataset<?>> cached = new ArrayList<>();
    try {
      PrepareResult r = run(out, cached);
      out.commit();
      return new PrepareResult(
          out.target(),
          r.summary(),
          r.malformedRows(),
          r.problems(),
          r.splitUsers(),
          r.tooShortUsers(),
          r.missingTitles(),
          r.elapsed());
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private PrepareResult run(OutputFolder out, List<Dataset<?>> cached) {
    long start = System.nanoTime();
    TableSource table = interactions.table();
    Dataset<Row> raw = read(table, "interactions");
    List<String> columns = dataColumns(raw);
    String user = resolve(interactions.user(), columns, table, "user", true);
    String item = resolve(interactions.item(), columns, table, "item", true);
    String ts = resolve(interactions.timestamp(), columns, table, "timestamp", false);
    String rating = resolve(interactions.rating(), columns, table, "rating", false);
    boolean hasCorrupt = Arrays.asList(raw.columns()).contains(TableSource.CORRUPT);
    Dataset<Row> selected =
        raw.select(
            text(raw, user).as("u"),
            text(raw, item).as("i"),
            ts == null ? lit(null).cast("string").as("t") : text(raw, ts).as("t"),
            rating == null ? lit(null).cast("string").as("r") : text(raw, rating).as("r"),
            hasCorrupt ? col(TableSource.CORRUPT).as("c") : lit(null).cast("string").as("c"),
            col("_metadata.file_path").as(Rows.FILE),
            col("_metadata.file_block_start").as(Rows.BLOCK),
            monotonically_increasing_id().as(Rows.SEQ));
    Dataset<Row> parsed =
        selected
            .map(
                new InteractionParser(
                    display(user, table),
                    display(item, table),
                    display(ts, table),
                    display(rating, table)),
                Encoders.row(Rows.PARSED_INTERACTIONS))
            .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(parsed);

    Row stats =
        parsed
            .agg(
                count(lit(1)),
                count(col(Rows.ERROR)),
                max(
                    when(col(Rows.ERROR).isNull().and(col(Rows.RATING).isNotNull()), 1)
                        .otherwise(0)))
            .first();
    long total = stats.getLong(0);
    long malformed = stats.getLong(1);
    boolean hasRatings = !stats.isNullAt(2) && stats.getInt(2) == 1;
    if (total == 0) {
      throw new InputException("no interactions found in " + String.join(", ", table.paths()));
    }
    RecordNumbers numbers = new RecordNumbers(parsed);
    List<RowProblem> problems = new ArrayList<>();
    if (malformed > 0) {
      problems.addAll(numbers.problems(parsed.filter(col(Rows.ERROR).isNotNull()), shownProblems));
    }

    Dataset<Row> valid = parsed.filter(col(Rows.ERROR).isNull()).drop(Rows.ERROR);
    if (ts == null) {
      // no timestamp: file order is the order, and the record number is the timestamp (as palr's
      // CSV loader does)
      valid = numbers.withRecordNumber(valid, Rows.TS);
    }

    // the item table: metadata, and with catalog order the catalogue itself
    Dataset<Row> meta = null;
    if (items != null) {
      Dataset<Row> parsedItems = parseItems(items).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(parsedItems);
      RecordNumbers itemNumbers = new RecordNumbers(parsedItems);
      // an id listed twice: the first listing counts, later ones are malformed (as palr's loaders)
      Column first = struct(col(Rows.FILE), col(Rows.BLOCK), col(Rows.SEQ));
      Dataset<Row> good = parsedItems.filter(col(Rows.ERROR).isNull());
      meta =
          good.groupBy(Rows.ITEM)
              .agg(
                  min_by(
                          struct(
                              col(Rows.FILE),
                              col(Rows.BLOCK),
                              col(Rows.SEQ),
                              col("title"),
                              col("genres"),
                              col("brand"),
                              col("year"),
                              col("attributes")),
                          first)
                      .as("m"))
              .select(col(Rows.ITEM), col("m.*"))
              .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(meta);
      Row itemStats = parsedItems.agg(count(lit(1)), count(col(Rows.ERROR))).first();
      long badItemCount = itemStats.getLong(1);
      long dupCount = itemStats.getLong(0) - badItemCount - meta.count();
      if (badItemCount + dupCount > 0) {
        malformed += badItemCount + dupCount;
        Dataset<Row> bad = parsedItems.filter(col(Rows.ERROR).isNotNull());
        if (dupCount > 0) {
          Dataset<Row> firsts = meta.select(col(Rows.ITEM), first.as(FIRST));
          Dataset<Row> dups =
              good.join(firsts, Rows.ITEM)
                  .filter(first.notEqual(col(FIRST)))
                  .withColumn(
                      Rows.ERROR,
                      expr("concat('item ', " + Rows.ITEM + ", ' is listed more than once')"));
          bad =
              bad.select(Rows.ITEM, Rows.FILE, Rows.BLOCK, Rows.SEQ, Rows.ERROR)
                  .unionByName(dups.select(Rows.ITEM, Rows.FILE, Rows.BLOCK, Rows.SEQ, Rows.ERROR));
        }
        problems.addAll(itemNumbers.problems(bad, shownProblems));
      }
      if (items.catalogOrder()) {
        Dataset<Row> unknown =
            valid.join(
                meta.select(Rows.ITEM),
                valid.col(Rows.ITEM).equalTo(meta.col(Rows.ITEM)),
                "left_anti");
        Dataset<Row> unknownRows =
            unknown.select(
                col(Rows.USER),
                col(Rows.FILE),
                col(Rows.BLOCK),
                col(Rows.SEQ),
                expr("concat('item ', "
                        + Rows.ITEM
                        + ", ' is not in the item table "
                        + String.join(", ", items.table().paths()).replace("'", "")
                        + "')")
                    .as(Rows.ERROR));
        long unknownCount = unknownRows.count();
        if (unknownCount > 0) {
          malformed += unknownCount;
          problems.addAll(numbers.problems(unknownRows, shownProblems));
          valid = valid.join(meta.select(Rows.ITEM), Rows.ITEM, "left_semi");
        }
      }
    }
    problems.sort(
        java.util.Comparator.comparing(RowProblem::file).thenComparingLong(RowProblem::record));
    if (problems.size() > shownProblems) {
      problems = new ArrayList<>(problems.subList(0, shownProblems));
    }
    if (malformed > 0 && strict) {
      throw new InputException(
          String.format(
                  Locale.ROOT,
                  "%,d malformed rows (--strict); first: %s",
                  malformed,
                  problems.get(0))
              + (problems.size() > 1
                  ? "; then "
                      + String.join(
                          "; ",
                          problems.subList(1, problems.size()).stream()
                              .map(RowProblem::toString)
                              .toList())
                  : ""));
    }

    valid = valid.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(valid);
    Row validStats =
        valid
            .agg(count(lit(1)), countDistinct(col(Rows.USER)), countDistinct(col(Rows.ITEM)))
            .first();
    long rawInteractions = validStats.getLong(0);
    if (rawInteractions == 0) {
      throw new InputException(
          "no usable interactions in "
              + String.join(", ", table.paths())
              + String.format(Locale.ROOT, " (%,d malformed rows skipped", malformed)
              + (problems.isEmpty() ? ")" : "; first: " + problems.get(0) + ")"));
    }
    Column position = struct(col(Rows.FILE), col(Rows.BLOCK), col(Rows.SEQ));
    // palr interns a user (and, without an authoritative catalogue, an item) at its first valid
    // row, before any filter: that order is the dense order of the survivors
    Dataset<Row> userFirst = valid.groupBy(Rows.USER).agg(min(position).as(FIRST));
    Dataset<Row> itemOrder;
    long rawUsers = validStats.getLong(1);
    long rawItems;
    if (items != null && items.catalogOrder()) {
      itemOrder = meta.select(col(Rows.ITEM), position.as(FIRST));
      rawItems = meta.count();
    } else {
      itemOrder = valid.groupBy(Rows.ITEM).agg(min(position).as(FIRST));
      rawItems = validStats.getLong(2);
    }

    // 1. rating threshold (unrated rows always stay)
    Dataset<Row> kept = valid;
    long belowThreshold = 0;
    if (options.ratingThreshold().isPresent() && hasRatings) {
      double threshold = options.ratingThreshold().getAsDouble();
      kept =
          valid.filter(
              col(Rows.RATING).isNull().or(col(Rows.RATING).cast("double").geq(threshold)));
      belowThreshold = rawInteractions - kept.count();
    }
    long afterThreshold = rawInteractions - belowThreshold;

    // 2.+3. the first occurrence of each item in a user's chronological sequence
    Column key = struct(col(Rows.TS), col(Rows.FILE), col(Rows.BLOCK), col(Rows.SEQ));
    Dataset<Row> events;
    long duplicates;
    if (options.deduplicate()) {
      events =
          kept.groupBy(Rows.USER, Rows.ITEM)
              .agg(min(key).as("k"))
              .select(col(Rows.USER), col(Rows.ITEM), col("k.*"));
    } else {
      events = kept.select(Rows.USER, Rows.ITEM, Rows.TS, Rows.FILE, Rows.BLOCK, Rows.SEQ);
    }
    events = events.persist(StorageLevel.MEMORY_AND_DISK());
    long m = events.count();
    duplicates = afterThreshold - m;

    // 4. iterative k-core to the fixed point
    int rounds = 0;
    long removedByCore = 0;
    int kUser = options.minUserInteractions();
    int kItem = options.minItemInteractions();
    if (kUser > 1 || kItem > 1) {
      while (true) {
        Dataset<Row> okUsers =
            events.groupBy(Rows.USER).count().filter(col("count").geq(kUser)).select(Rows.USER);
        Dataset<Row> okItems =
            events.groupBy(Rows.ITEM).count().filter(col("count").geq(kItem)).select(Rows.ITEM);
        Dataset<Row> next =
            events
                .join(okUsers, Rows.USER, "left_semi")
                .join(okItems, Rows.ITEM, "left_semi")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long w = next.count();
        rounds++;
        events.unpersist();
        events = next;
        if (w == m) {
          break;
        }
        removedByCore += m - w;
        m = w;
        if (m == 0) {
          break;
        }
      }
    }

    cached.add(events);

    // 5. dense re-indexing of the survivors
    Dataset<Row> userIdx =
        withIndex(
            userFirst
                .join(events.select(Rows.USER).distinct(), Rows.USER, "left_semi")
                .orderBy(FIRST)
                .select(Rows.USER),
            USER_IDX);
    Dataset<Row> itemIdx =
        withIndex(
            itemOrder
                .join(events.select(Rows.ITEM).distinct(), Rows.ITEM, "left_semi")
                .orderBy(FIRST)
                .select(Rows.ITEM),
            ITEM_IDX);
    userIdx = userIdx.persist(StorageLevel.MEMORY_AND_DISK());
    itemIdx = itemIdx.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(userIdx);
    cached.add(itemIdx);
    long users = m == 0 ? 0 : userIdx.count();
    long itemCount = m == 0 ? 0 : itemIdx.count();
    PreprocessSummary summary =
        new PreprocessSummary(
            rawInteractions,
            belowThreshold,
            duplicates,
            rounds,
            removedByCore,
            Math.toIntExact(rawUsers),
            Math.toIntExact(rawItems),
            m,
            Math.toIntExact(users),
            Math.toIntExact(itemCount));
    if (m == 0) {
      throw new EmptyDatasetException(summary, options);
    }

    // sequences: each user's items in (timestamp, file order), as palr's stable sort leaves them
    Dataset<Row> sequences =
        events
            .join(userIdx, Rows.USER)
            .join(itemIdx, Rows.ITEM)
            .groupBy(col(USER_IDX), col(Rows.USER))
            .agg(
                array_sort(
                        collect_list(
                            struct(
                                col(Rows.TS),
                                col(Rows.FILE),
                                col(Rows.BLOCK),
                                col(Rows.SEQ),
                                col(ITEM_IDX))))
                    .as("ev"))
            .select(
                col(USER_IDX),
                col(Rows.USER),
                expr("transform(ev, e -> e." + ITEM_IDX + ")").as(PreparedData.ITEMS),
                expr("transform(ev, e -> e." + Rows.TS + ")").as(PreparedData.TIMESTAMPS));
    sequences.write().parquet(out.staging(PreparedData.SEQUENCES));
    Dataset<Row> written =
        spark.read().parquet(OutputFolder.literal(out.staging(PreparedData.SEQUENCES)));

    // leave-one-out: users with at least 3 interactions, indexed in user order
    Column longEnough = size(col(PreparedData.ITEMS)).geq(LeaveOneOutSplit.MIN_LENGTH);
    long tooShort = written.filter(functions_not(longEnough)).count();
    Dataset<Row> eligible =
        written.filter(longEnough).select(col(USER_IDX), col(Rows.USER), col(PreparedData.ITEMS));
    Dataset<Row> indexed =
        tooShort == 0
            // every user is in the split: the split index is the user index
            ? eligible.withColumn(PreparedData.SPLIT_IDX, col(USER_IDX))
            : withIndex(eligible.orderBy(USER_IDX), PreparedData.SPLIT_IDX);
    Dataset<Row> split =
        indexed.select(
            col(PreparedData.SPLIT_IDX),
            col(USER_IDX),
            col(Rows.USER),
            slice(col(PreparedData.ITEMS), lit(1), size(col(PreparedData.ITEMS)).minus(2))
                .as(PreparedData.TRAIN),
            element_at(col(PreparedData.ITEMS), -2).as(PreparedData.VALIDATION),
            element_at(col(PreparedData.ITEMS), -1).as(PreparedData.TEST));
    split.write().parquet(out.staging(PreparedData.SPLIT));
    long splitUsers = users - tooShort;

    // items: the catalogue with its metadata (an item without any keeps an empty title)
    Dataset<Row> catalog;
    if (meta != null) {
      catalog =
          itemIdx.join(meta.drop(Rows.FILE, Rows.BLOCK, Rows.SEQ, Rows.ERROR), Rows.ITEM, "left");
    } else {
      catalog =
          itemIdx.select(
              col(Rows.ITEM),
              col(ITEM_IDX),
              lit(null).cast("string").as("title"),
              lit(null).cast(DataTypes.createArrayType(DataTypes.StringType)).as("genres"),
              lit(null).cast("string").as("brand"),
              lit(null).cast("int").as("year"),
              lit(null)
                  .cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                  .as("attributes"));
    }
    Dataset<Row> itemsOut =
        catalog.select(
            col(ITEM_IDX),
            col(Rows.ITEM),
            coalesce(col("title"), lit("")).as("title"),
            coalesce(
                    col("genres"),
                    expr("array()").cast(DataTypes.createArrayType(DataTypes.StringType)))
                .as("genres"),
            col("brand"),
            col("year"),
            coalesce(
                    col("attributes"),
                    expr("map()")
                        .cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)))
                .as("attributes"));
    itemsOut.write().parquet(out.staging(PreparedData.ITEMS_TABLE));
    long missingTitles =
        meta == null
            ? itemCount
            : spark
                .read()
                .parquet(OutputFolder.literal(out.staging(PreparedData.ITEMS_TABLE)))
                .filter(col("title").equalTo(""))
                .count();

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    PrepareResult result =
        new PrepareResult(
            out.target(),
            summary,
            malformed,
            problems,
            splitUsers,
            users - splitUsers,
            missingTitles,
            elapsed);
    Map<String, String> props = new java.util.LinkedHashMap<>();
    props.put("name", name != null ? name : defaultName(table));
    props.put("format", table.format().name().toLowerCase(Locale.ROOT));
    props.put("source", String.join(" ", table.paths()));
    if (items != null) {
      props.put("items", String.join(" ", items.table().paths()));
    }
    props.put("preprocessing", options.toString());
    props.put("skipped_records", String.valueOf(malformed));
    props.put("created", Instant.now().toString());
    PreparedManifest.of(result, props)
        .write(out.staging(PreparedData.MANIFEST), spark.sparkContext().hadoopConfiguration());
    return result;
  }

  private Dataset<Row> read(TableSource table, String what) {
    for (String path : table.paths()) {
      try {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        org.apache.hadoop.fs.FileStatus[] found =
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(p);
        if (found == null || found.length == 0) {
          throw new InputException("no such file or directory: " + path + " (" + what + ")");
        }
      } catch (java.io.IOException e) {
        throw new InputException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
      }
    }
    try {
      return table.read(spark);
    } catch (Exception e) {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      if (e instanceof AnalysisException && msg.contains("PATH_NOT_FOUND")) {
        throw new InputException(
            "no such file or directory: " + String.join(", ", table.paths()) + " (" + what + ")",
            e);
      }
      if (e instanceof AnalysisException) {
        throw new InputException("cannot read " + what + " " + table + ": " + firstLine(msg), e);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private Dataset<Row> parseItems(ItemTable t) {
    Dataset<Row> raw = read(t.table(), "item table");
    List<String> columns = dataColumns(raw);
    if (columns.isEmpty()) {
      throw new InputException("no items found in " + String.join(", ", t.table().paths()));
    }
    boolean hasCorrupt = Arrays.asList(raw.columns()).contains(TableSource.CORRUPT);
    List<Column> cols = new ArrayList<>();
    if (t.movieLensGenres() != null) {
      for (String c : columns) {
        cols.add(col(c));
      }
    } else {
      String id = resolve(t.idCandidates(), columns, t.table(), "item id", true);
      cols.add(text(raw, id));
      cols.add(optionalText(raw, t.title(), columns, t.table(), "title"));
      String genres =
          t.genres() == null
              ? null
              : resolve(List.of(t.genres()), columns, t.table(), "genres", false);
      if (genres != null
          && raw.schema().apply(genres).dataType()
              instanceof org.apache.spark.sql.types.ArrayType) {
        cols.add(functions_array_join(col(genres), t.genreSeparator()));
      } else {
        cols.add(genres == null ? lit(null).cast("string") : text(raw, genres));
      }
      cols.add(optionalText(raw, t.brand(), columns, t.table(), "brand"));
      cols.add(optionalText(raw, t.year(), columns, t.table(), "year"));
    }
    cols.add(hasCorrupt ? col(TableSource.CORRUPT) : lit(null).cast("string"));
    cols.add(col("_metadata.file_path").as(Rows.FILE));
    cols.add(col("_metadata.file_block_start").as(Rows.BLOCK));
    cols.add(monotonically_increasing_id().as(Rows.SEQ));
    return raw.select(cols.toArray(Column[]::new))
        .map(
            new ItemParser(t.genreSeparator(), t.movieLensGenres()),
            Encoders.row(Rows.PARSED_ITEMS));
  }

  private static Column functions_not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  private static Column functions_array_join(Column c, String sep) {
    return org.apache.spark.sql.functions.array_join(c, sep);
  }

  private Column optionalText(
      Dataset<Row> raw, ColumnRef ref, List<String> columns, TableSource t, String what) {
    String c = ref == null ? null : resolve(List.of(ref), columns, t, what, false);
    return c == null ? lit(null).cast("string") : text(raw, c);
  }

  /** A column as text; timestamps and dates become epoch seconds, as palr reads ISO dates. */
  private static Column text(Dataset<Row> raw, String name) {
    DataType type = raw.schema().apply(name).dataType();
    Column c = col("`" + name + "`");
    if (type instanceof StringType) {
      return c;
    }
    if (type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType) {
      return c.cast("timestamp").cast("long").cast("string");
    }
    return c.cast("string");
  }

  private static List<String> dataColumns(Dataset<Row> raw) {
    List<String> cols = new ArrayList<>();
    for (StructField f : raw.schema().fields()) {
      if (!f.name().equals(TableSource.CORRUPT)) {
        cols.add(f.name());
      }
    }
    return cols;
  }

  private static String resolve(
      List<ColumnRef> candidates,
      List<String> columns,
      TableSource table,
      String what,
      boolean required) {
    for (ColumnRef c : candidates) {
      Optional<String> found = c.resolve(columns, table.positional());
      if (found.isPresent()) {
        return found.get();
      }
    }
    if (!required) {
      return null;
    }
    if (columns.isEmpty()) {
      throw new InputException("no interactions found in " + String.join(", ", table.paths()));
    }
    throw new InputException(
        "no "
            + what
            + " column in "
            + String.join(", ", table.paths())
            + " (tried "
            + candidates
            + "); it has "
            + (table.positional() ? columns.size() + " columns" : columns.toString())
            + (table.format() == InputFormat.CSV
                ? " separated by '" + table.separator().replace("\t", "\\t") + "'"
                : ""));
  }

  private static String display(String column, TableSource table) {
    if (column == null) {
      return null;
    }
    return table.positional() && column.startsWith("_c") ? "#" + column.substring(2) : column;
  }

  private static String defaultName(TableSource table) {
    String p = table.paths().get(0);
    String f = p.substring(p.lastIndexOf('/') + 1);
    if (f.isEmpty()) {
      return "data";
    }
    int dot = f.indexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }

  /** {@code df} (already ordered) with a dense 0-based int index column appended, in order. */
  private Dataset<Row> withIndex(Dataset<Row> ordered, String indexColumn) {
    StructType schema = ordered.schema().add(indexColumn, DataTypes.IntegerType, false);
    JavaRDD<Row> rdd = ordered.javaRDD().zipWithIndex().map(SparkPreparer::appendIndex);
    return spark.createDataFrame(rdd, schema);
  }

  private static Row appendIndex(scala.Tuple2<Row, Long> t) {
    Row r = t._1();
    Object[] v = new Object[r.size() + 1];
    for (int i = 0; i < r.size(); i++) {
      v[i] = r.get(i);
    }
    v[r.size()] = Math.toIntExact(t._2());
    return RowFactory.create(v);
  }

  /**
   * Record numbers in each file: from the row count of every (file, block) and the smallest
   * sequence id in it, a row's 1-based record number is the rows of the file's earlier blocks plus
   * its offset in its block. Only block counts come to the driver.
   */
  private final class RecordNumbers {
    private final Dataset<Row> rows;
    private Map<String, NavigableMap<Long, long[]>>
        blocks; // file -> block start -> {base, min seq}

    RecordNumbers(Dataset<Row> rows) {
      this.rows = rows;
    }

    private Map<String, NavigableMap<Long, long[]>> blocks() {
      if (blocks == null) {
        blocks = new HashMap<>();
        for (Row r :
            rows.groupBy(Rows.FILE, Rows.BLOCK)
                .agg(count(lit(1)), min(col(Rows.SEQ)))
                .collectAsList()) {
          blocks
              .computeIfAbsent(r.getString(0), f -> new TreeMap<>())
              .put(r.getLong(1), new long[] {r.getLong(2), r.getLong(3)});
        }
        for (NavigableMap<Long, long[]> file : blocks.values()) {
          long base = 0;
          for (long[] b : file.values()) {
            long n = b[0];
            b[0] = base;
            base += n;
          }
        }
      }
      return blocks;
    }

    long record(String file, long block, long seq) {
      long[] b = blocks().get(file).get(block);
      return b[0] + (seq - b[1]) + 1;
    }

    List<RowProblem> problems(Dataset<Row> bad, int limit) {
      List<RowProblem> out = new ArrayList<>();
      if (limit <= 0) {
        return out;
      }
      for (Row r : bad.orderBy(Rows.FILE, Rows.BLOCK, Rows.SEQ).limit(limit).collectAsList()) {
        String file = r.getString(r.fieldIndex(Rows.FILE));
        out.add(
            new RowProblem(
                shortFile(file),
                record(
                    file, r.getLong(r.fieldIndex(Rows.BLOCK)), r.getLong(r.fieldIndex(Rows.SEQ))),
                r.getString(r.fieldIndex(Rows.ERROR))));
      }
      return out;
    }

    Dataset<Row> withRecordNumber(Dataset<Row> valid, String column) {
      List<Row> table = new ArrayList<>();
      blocks()
          .forEach(
              (file, byStart) ->
                  byStart.forEach(
                      (startAt, b) -> table.add(RowFactory.create(file, startAt, b[0], b[1]))));
      StructType schema =
          new StructType()
              .add(Rows.FILE, DataTypes.StringType)
              .add(Rows.BLOCK, DataTypes.LongType)
              .add("_base", DataTypes.LongType)
              .add("_min", DataTypes.LongType);
      Dataset<Row> bases = spark.createDataFrame(table, schema);
      return valid
          .join(broadcast(bases), new String[] {Rows.FILE, Rows.BLOCK})
          .withColumn(column, col("_base").plus(col(Rows.SEQ)).minus(col("_min")).plus(1))
          .drop("_base", "_min");
    }
  }

  private static String shortFile(String uri) {
    return uri.startsWith("file://")
        ? uri.substring("file://".length())
        : uri.startsWith("file:") ? uri.substring(5) : uri;
  }

  /** Configures a {@link SparkPreparer}. */
  public static final class Builder {
    private final SparkSession spark;
    private InteractionSource interactions;
    private ItemTable items;
    private PreprocessOptions options = PreprocessOptions.defaults();
    private boolean strict;
    private int shownProblems = DEFAULT_SHOWN_PROBLEMS;
    private String name;

    private Builder(SparkSession spark) {
      this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** The interaction log (required). */
    public Builder interactions(InteractionSource source) {
      this.interactions = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The item table (optional). */
    public Builder items(ItemTable table) {
      this.items = Objects.requireNonNull(table, "table");
      return this;
    }

    /** palr's preprocessing options (default: 5-core, de-duplication, no threshold). */
    public Builder options(PreprocessOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Whether any malformed row fails the job (default false: skipped and counted). */
    public Builder strict(boolean on) {
      this.strict = on;
      return this;
    }

    /** How many malformed rows to show (default {@value #DEFAULT_SHOWN_PROBLEMS}). */
    public Builder shownProblems(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("shownProblems must be >= 0: " + n);
      }
      this.shownProblems = n;
      return this;
    }

    /** The data set's name (default: the first input file's name up to its first dot). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Builds the preparer. */
    public SparkPreparer build() {
      return new SparkPreparer(this);
    }
  }
}
