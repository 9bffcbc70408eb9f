package io.palr.spark.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.data.InteractionDataset;
import io.palr.data.load.DatasetLoaders;
import io.palr.data.load.LoadResult;
import io.palr.data.prep.EmptyDatasetException;
import io.palr.data.prep.PreprocessOptions;
import io.palr.spark.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preparation rules on small inputs, against palr's single-JVM loader where it applies. */
class PrepareRulesTest {
  @TempDir Path tmp;

  /**
   * Many equal timestamps, repeats and ratings, read in several file blocks: sequences, summary and
   * dense order equal palr's CSV loader (its tie rule is file order).
   */
  @Test
  void tiesAcrossFileBlocksThresholdAndDedupMatchPalr() throws Exception {
    Path csv = tmp.resolve("log.csv");
    Random rnd = new Random(42);
    StringBuilder sb = new StringBuilder("user_id,item_id,timestamp,rating\n");
    for (int i = 0; i < 4000; i++) {
      int u = rnd.nextInt(120);
      int item = rnd.nextInt(60);
      long ts = 1_000L + rnd.nextInt(40); // few distinct timestamps: ties everywhere
      String rating = rnd.nextInt(10) == 0 ? "4.1" : String.valueOf(1 + rnd.nextInt(5));
      sb.append('u')
          .append(u)
          .append(',')
          .append("i")
          .append(item)
          .append(',')
          .append(ts)
          .append(',')
          .append(rating)
          .append('\n');
    }
    Files.writeString(csv, sb, StandardCharsets.UTF_8);
    PreprocessOptions options =
        PreprocessOptions.defaults().withMinCore(3).withRatingThreshold(4.1);
    LoadResult ref = DatasetLoaders.delimited(csv).preprocessing(options).load();

    SparkSession spark = TestSpark.session();
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "16384"); // several blocks per file
    PrepareResult r;
    try {
      r =
          SparkPreparer.builder(spark)
              .interactions(InteractionSource.of(TableSource.of(InputFormat.CSV, csv.toString())))
              .options(options)
              .build()
              .prepare(tmp.resolve("out").toString());
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
    assertThat(r.summary()).isEqualTo(ref.preprocessing());
    InteractionDataset got =
        SnapshotConverter.toDataset(spark, PreparedData.open(spark, r.output()));
    InteractionDataset want = ref.dataset();
    assertThat(got.userIds()).isEqualTo(want.userIds());
    assertThat(got.catalog().items().stream().map(i -> i.id()).toList())
        .isEqualTo(want.catalog().items().stream().map(i -> i.id()).toList());
    for (int u = 0; u < want.numUsers(); u++) {
      assertThat(got.sequence(u)).as("user %s", want.userId(u)).isEqualTo(want.sequence(u));
      assertThat(got.timestamps(u)).isEqualTo(want.timestamps(u));
    }
  }

  @Test
  void malformedRowsAreCountedAndShownWithFileAndRecordAndStrictFails() throws Exception {
    Path csv = tmp.resolve("bad.csv");
    List<String> lines = new ArrayList<>(List.of("user,item,timestamp"));
    for (int u = 0; u < 6; u++) {
      for (int i = 0; i < 6; i++) {
        lines.add("u" + u + ",i" + i + "," + (10 * u + i));
      }
    }
    lines.add(4, "u9,i1,yesterday"); // record 4 (line 5: the header is line 1)
    lines.add(8, ",i2,7"); // record 8
    Files.write(tmp.resolve("bad.csv"), lines);
    SparkSession spark = TestSpark.session();
    InteractionSource src = InteractionSource.of(TableSource.of(InputFormat.CSV, csv.toString()));
    PrepareResult r =
        SparkPreparer.builder(spark)
            .interactions(src)
            .options(PreprocessOptions.defaults().withMinCore(2))
            .build()
            .prepare(tmp.resolve("lenient").toString());
    assertThat(r.malformedRows()).isEqualTo(2);
    assertThat(r.summary().interactions()).isEqualTo(36);
    assertThat(r.problems()).hasSize(2);
    assertThat(r.problems().get(0).toString())
        .endsWith("bad.csv: record 4: field 'timestamp': not a timestamp: 'yesterday'");
    assertThat(r.problems().get(1).record()).isEqualTo(8);

    Path out = tmp.resolve("strict");
    assertThatThrownBy(
            () ->
                SparkPreparer.builder(spark)
                    .interactions(src)
                    .strict(true)
                    .build()
                    .prepare(out.toString()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("2 malformed rows (--strict)")
        .hasMessageContaining("bad.csv: record 4");
    assertThat(out).doesNotExist();
    try (var listing = Files.list(tmp)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".strict"));
    }
  }

  @Test
  void emptyInputAndEverythingFilteredAreClearErrorsAndKeepThePreviousOutput() throws Exception {
    SparkSession spark = TestSpark.session();
    Path empty = tmp.resolve("empty.csv");
    Files.writeString(empty, "user,item,timestamp\n");
    assertThatThrownBy(
            () ->
                SparkPreparer.builder(spark)
                    .interactions(
                        InteractionSource.of(TableSource.of(InputFormat.CSV, empty.toString())))
                    .build()
                    .prepare(tmp.resolve("o1").toString()))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("no interactions found in ");

    Path low = tmp.resolve("low.csv");
    Files.write(low, List.of("user,item,timestamp,rating", "a,x,1,1", "a,y,2,2", "b,x,3,1"));
    Path out = tmp.resolve("o2");
    Files.createDirectories(out);
    Files.writeString(out.resolve("previous.txt"), "kept");
    assertThatThrownBy(
            () ->
                SparkPreparer.builder(spark)
                    .interactions(
                        InteractionSource.of(TableSource.of(InputFormat.CSV, low.toString())))
                    .options(PreprocessOptions.defaults().withMinCore(0).withRatingThreshold(4))
                    .build()
                    .prepare(out.toString()))
        .isInstanceOf(EmptyDatasetException.class)
        .hasMessageContaining("3 below rating threshold");
    assertThat(out.resolve("previous.txt")).hasContent("kept");

    assertThatThrownBy(
            () ->
                SparkPreparer.builder(spark)
                    .interactions(
                        InteractionSource.of(
                            TableSource.of(InputFormat.CSV, tmp.resolve("nope.csv").toString())))
                    .build()
                    .prepare(tmp.resolve("o3").toString()))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("no such file or directory: ");
  }

  @Test
  void anItemTableGivesTitlesGenresAndWithCatalogOrderTheCatalogue() throws Exception {
    SparkSession spark = TestSpark.session();
    Path log = tmp.resolve("log.csv");
    List<String> lines = new ArrayList<>(List.of("user,item,timestamp"));
    String[] items = {"b", "a", "c"};
    for (int u = 0; u < 4; u++) {
      for (int i = 0; i < items.length; i++) {
        lines.add("u" + u + "," + items[i] + "," + (u * 10 + i));
      }
    }
    lines.add("u0,zz,99"); // not in the item table
    Files.write(log, lines);
    Path table = tmp.resolve("items.jsonl");
    Files.write(
        table,
        List.of(
            "{\"item_id\": \"c\", \"title\": \"Gamma\", \"genres\": [\"x\", \"y\"], \"year\": \"1999\"}",
            "{\"item_id\": \"a\", \"title\": \"Alpha\", \"brand\": \"acme\"}",
            "{\"item_id\": \"b\", \"title\": \"Beta\"}",
            "{\"item_id\": \"a\", \"title\": \"Alpha again\"}"));
    PrepareResult r =
        SparkPreparer.builder(spark)
            .interactions(InteractionSource.of(TableSource.of(InputFormat.CSV, log.toString())))
            .items(
                ItemTable.of(TableSource.of(InputFormat.JSONL, table.toString()))
                    .withCatalogOrder(true))
            .options(PreprocessOptions.defaults().withMinCore(2))
            .build()
            .prepare(tmp.resolve("out").toString());
    assertThat(r.malformedRows()).isEqualTo(2); // the second listing of a, and the row naming zz
    assertThat(r.problems().stream().map(RowProblem::message))
        .anySatisfy(m -> assertThat(m).contains("item a is listed more than once"))
        .anySatisfy(m -> assertThat(m).contains("item zz is not in the item table"));
    InteractionDataset d = SnapshotConverter.toDataset(spark, PreparedData.open(spark, r.output()));
    assertThat(d.catalog().items().stream().map(i -> i.id()).toList())
        .containsExactly("c", "a", "b");
    assertThat(d.catalog().item(0).title()).isEqualTo("Gamma");
    assertThat(d.catalog().item(0).genres()).containsExactly("x", "y");
    assertThat(d.catalog().item(0).year().getAsInt()).isEqualTo(1999);
    assertThat(d.catalog().item(1).brand()).contains("acme");
    assertThat(ids(d, 0)).containsExactly("b", "a", "c");
  }

  @Test
  @Tag("slow")
  void jsonLinesAndParquetWithoutTimestampsKeepFileOrder() throws Exception {
    SparkSession spark = TestSpark.session();
    Path jsonl = tmp.resolve("log.jsonl");
    List<String> lines = new ArrayList<>();
    String[][] rows = {
      {"a", "x"}, {"a", "y"}, {"b", "x"}, {"a", "z"}, {"b", "z"}, {"b", "y"}, {"a", "x"}, {"c", "y"}
    };
    for (String[] r : rows) {
      lines.add("{\"user\": \"" + r[0] + "\", \"item\": \"" + r[1] + "\"}");
    }
    lines.add("{\"user\": \"c\", \"item\": "); // corrupt
    Files.write(jsonl, lines);
    PrepareResult r =
        SparkPreparer.builder(spark)
            .interactions(
                InteractionSource.of(TableSource.of(InputFormat.JSONL, jsonl.toString()))
                    .withoutTimestamp())
            .options(PreprocessOptions.defaults().withMinCore(0))
            .build()
            .prepare(tmp.resolve("j").toString());
    assertThat(r.malformedRows()).isEqualTo(1);
    assertThat(r.problems().get(0).record()).isEqualTo(9);
    InteractionDataset d = SnapshotConverter.toDataset(spark, PreparedData.open(spark, r.output()));
    assertThat(d.userIds()).containsExactly("a", "b", "c");
    assertThat(ids(d, 0)).containsExactly("x", "y", "z"); // the repeat of x dropped
    assertThat(ids(d, 1)).containsExactly("x", "z", "y");
    assertThat(d.timestamps(1)).containsExactly(3L, 5L, 6L); // record numbers

    // the same data as Parquet, written by Spark itself
    String parquet = tmp.resolve("log.parquet").toString();
    spark
        .read()
        .json(jsonl.toString())
        .filter("user is not null and item is not null")
        .select("user", "item")
        .coalesce(1)
        .write()
        .parquet(parquet);
    PrepareResult p =
        SparkPreparer.builder(spark)
            .interactions(
                InteractionSource.of(TableSource.of(InputFormat.PARQUET, parquet))
                    .withoutTimestamp())
            .options(PreprocessOptions.defaults().withMinCore(0))
            .build()
            .prepare(tmp.resolve("p").toString());
    InteractionDataset q = SnapshotConverter.toDataset(spark, PreparedData.open(spark, p.output()));
    assertThat(q.fingerprint()).isEqualTo(d.fingerprint());
  }

  private static List<String> ids(InteractionDataset d, int u) {
    return Arrays.stream(d.sequence(u)).mapToObj(i -> d.catalog().item(i).id()).toList();
  }
}
