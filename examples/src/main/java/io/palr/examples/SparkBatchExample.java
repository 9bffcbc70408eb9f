package io.palr.examples;

import io.palr.data.InteractionDataset;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.spark.prep.InputFormat;
import io.palr.spark.prep.InteractionSource;
import io.palr.spark.prep.PrepareResult;
import io.palr.spark.prep.PreparedData;
import io.palr.spark.prep.SnapshotConverter;
import io.palr.spark.prep.SparkPreparer;
import io.palr.spark.prep.TableSource;
import io.palr.spark.recommend.PipelineFactory;
import io.palr.spark.recommend.SparkRecommender;
import io.palr.spark.session.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Example 5: a nightly batch on Apache Spark. An interaction log (here: the synthetic demo data
 * written as CSV) is prepared by Spark (k-core, chronological order, leave-one-out), converted to
 * palr's snapshot, and every user gets ten recommendations from an ItemKNN pipeline that each
 * executor builds once; the rows, with their provenance, land in Parquet. Runs on an embedded
 * {@code local[2]} master; the same code runs on a cluster under {@code spark-submit}.
 *
 * <p>Argument: an optional working folder (default: a temporary one).
 */
public final class SparkBatchExample {
  private SparkBatchExample() {}

  /**
   * Runs the example.
   *
   * @param args an optional working folder
   */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("palr-spark-example");
    SparkSession spark =
        SparkSessions.start("palr spark example", "local[2]", Duration.ofSeconds(60));
    try {
      run(spark, dir, System.out);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the example on a session, in a folder, printing to {@code out}; returns the first rows.
   */
  static List<Row> run(SparkSession spark, Path dir, PrintStream out) throws IOException {
    // 1. an interaction log as the users' teams have them: user, item, timestamp
    Path log = dir.resolve("log.csv");
    InteractionDataset demo = SyntheticDataset.generate(SyntheticDataset.Config.small());
    List<String> lines = new ArrayList<>(List.of("user_id,item_id,timestamp"));
    for (int u = 0; u < demo.numUsers(); u++) {
      for (int p = 0; p < demo.length(u); p++) {
        lines.add(
            demo.userId(u)
                + ","
                + demo.catalog().item(demo.itemAt(u, p)).id()
                + ","
                + demo.timestampAt(u, p));
      }
    }
    Files.write(log, lines);

    // 2. distributed preparation, then palr's snapshot for the model's side
    PrepareResult prepared =
        SparkPreparer.builder(spark)
            .interactions(InteractionSource.of(TableSource.of(InputFormat.CSV, log.toString())))
            .build()
            .prepare(dir.resolve("prepared").toString());
    out.println(prepared);
    Path snapshot = dir.resolve("demo.palrds");
    SnapshotConverter.write(spark, PreparedData.open(spark, prepared.output()), snapshot);

    // 3. every user's top 10: the pipeline is built once per executor, rows written by Spark
    SparkRecommender.Result recs =
        SparkRecommender.builder(spark)
            .pipeline(PipelineFactory.of(snapshot.toString(), null).withModelType("itemknn"))
            .k(10)
            .build()
            .recommend(PreparedData.open(spark, prepared.output()), dir.resolve("recs").toString());
    out.printf(
        "%d users, %d rows in %s (%.0f users/s)%n",
        recs.users(), recs.rows(), recs.output(), recs.usersPerSecond());
    List<Row> first =
        spark.read().parquet(recs.output()).orderBy("user_id", "rank").limit(10).collectAsList();
    first.forEach(out::println);
    return first;
  }
}
