package io.palr.spark.job;

import io.palr.spark.session.SparkSessions;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every {@code palr spark} command has: where Spark runs. */
final class JobOptions {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master: local[N], spark://HOST:PORT, yarn, k8s://... (default: the one spark-submit"
              + " gives, else local[*]).")
  String master;

  @Option(
      names = "--start-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "How long to wait for the master and an executor (default: ${DEFAULT-VALUE}).")
  int startTimeout;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  /**
   * The session, and whether this command started it (a session already running in this JVM, as in
   * tests or notebooks, is left running).
   */
  record Session(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  Session start(String appName) {
    if (startTimeout < 1) {
      throw new PalrSparkJob.UsageException("--start-timeout must be >= 1");
    }
    boolean running =
        SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession s = SparkSessions.start(appName, master, Duration.ofSeconds(startTimeout));
    return new Session(s, !running);
  }
}
