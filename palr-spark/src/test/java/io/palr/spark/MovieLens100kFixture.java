package io.palr.spark;

import io.palr.data.InteractionDataset;
import io.palr.data.load.DatasetLoaders;
import io.palr.data.load.LoadResult;
import io.palr.spark.prep.MovieLens100k;
import io.palr.spark.prep.PrepareResult;
import io.palr.spark.prep.PreparedData;
import io.palr.spark.prep.SnapshotConverter;
import io.palr.spark.prep.SparkPreparer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * ML-100K prepared once per test JVM, both ways: by palr's loader (what {@code ./palr prepare
 * --format ml-100k} runs) and by {@link SparkPreparer}, plus the snapshot converted from Spark's
 * output.
 *
 * @param reference palr's single-JVM preparation
 * @param result what the Spark preparation reported
 * @param prepared Spark's output folder
 * @param converted the data set converted from it
 * @param snapshot the snapshot file written from it
 */
public record MovieLens100kFixture(
    LoadResult reference,
    PrepareResult result,
    PreparedData prepared,
    InteractionDataset converted,
    Path snapshot) {

  private static MovieLens100kFixture instance;

  /** Where the fixture is written, for the integration tests that run after the unit tests. */
  public static final Path DIR = Path.of("target", "test-fixtures", "ml100k");

  /** The fixture (built on first use in this JVM; skips the test without the shared data). */
  public static synchronized MovieLens100kFixture get() throws Exception {
    Path dir = TestSpark.sharedData("ml-100k");
    if (instance == null) {
      SparkSession spark = TestSpark.session();
      LoadResult reference = DatasetLoaders.movieLens100k(dir).load();
      Path tmp = DIR.toAbsolutePath();
      Files.createDirectories(tmp);
      String out = tmp.resolve("prepared").toString();
      PrepareResult result =
          SparkPreparer.builder(spark)
              .interactions(MovieLens100k.interactions(dir.toString()))
              .items(
                  MovieLens100k.items(dir.toString(), spark.sparkContext().hadoopConfiguration()))
              .name("ml-100k")
              .build()
              .prepare(out);
      PreparedData prepared = PreparedData.open(spark, out);
      Path snapshot = tmp.resolve("ml100k.palrds");
      Files.deleteIfExists(snapshot);
      InteractionDataset converted = SnapshotConverter.write(spark, prepared, snapshot);
      instance = new MovieLens100kFixture(reference, result, prepared, converted, snapshot);
    }
    return instance;
  }

  /**
   * The prepared folder and snapshot the unit tests left in {@link #DIR}, or null when they did not
   * run.
   */
  public static Path existing() {
    Path d = DIR.toAbsolutePath();
    return Files.isRegularFile(d.resolve("prepared").resolve("_palr.json"))
            && Files.isRegularFile(d.resolve("ml100k.palrds"))
        ? d
        : null;
  }
}
