package io.palr.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.spark.session.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM (starting Spark takes seconds): {@code local[2,4]}, two
 * threads and up to four attempts per task, so that tests can inject task failures.
 */
public final class TestSpark {
  /** The master of the shared session. */
  public static final String MASTER = "local[2,4]";

  private static SparkSession spark;

  private TestSpark() {}

  /** The shared session. */
  public static synchronized SparkSession session() {
    if (spark == null) {
      SparkConf conf =
          new SparkConf(false)
              .setMaster(MASTER)
              .setAppName("palr-spark-tests")
              .set("spark.sql.shuffle.partitions", "4")
              .set("spark.default.parallelism", "4")
              .set("spark.sql.session.timeZone", "UTC");
      SparkSessions.configure(conf, MASTER);
      spark = SparkSession.builder().config(conf).getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop, "stop-test-spark"));
    }
    return spark;
  }

  /** The shared data folder {@code data/<name>}; skips the test when it is absent. */
  public static Path sharedData(String name) {
    Path dir =
        Path.of(System.getProperty("palr.shared", "../shared")).resolve("data").resolve(name);
    assumeTrue(
        Files.isDirectory(dir), "reference data " + dir.toAbsolutePath() + " is absent; skipping");
    return dir;
  }
}
