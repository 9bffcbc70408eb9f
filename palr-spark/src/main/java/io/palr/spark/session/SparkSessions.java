package io.palr.spark.session;

import io.palr.spark.recommend.PalrSparkPlugin;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the {@link SparkSession} of a palr job. Under {@code spark-submit} the master and the rest
 * of the configuration come from the submission; without one, an embedded {@code local[*]} master
 * runs in this JVM, bound to the loopback interface. Either way palr's executor plugin ({@link
 * PalrSparkPlugin}) is added, so that pipelines built on an executor are closed when it ends.
 */
public final class SparkSessions {
  /** The embedded master used when none is configured. */
  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessions() {}

  /**
   * The session for a job: {@code master} when given, else the submitted master, else {@link
   * #DEFAULT_MASTER}.
   *
   * @param appName the application name
   * @param master a master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...), or
   *     null to use the submitted one or the default
   * @param startTimeout how long to wait for the master to accept the application; an unreachable
   *     master is an {@link IllegalStateException} after it
   */
  public static SparkSession start(String appName, String master, Duration startTimeout) {
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(startTimeout, "startTimeout");
    SparkConf conf = new SparkConf(true); // picks up spark.* system properties set by spark-submit
    String chosen = master != null ? master : conf.get("spark.master", DEFAULT_MASTER);
    conf.setMaster(chosen).setAppName(conf.get("spark.app.name", appName));
    configure(conf, chosen);
    if (!chosen.startsWith("spark://")) {
      return SparkSession.builder().config(conf).getOrCreate();
    }
    // A standalone master that does not answer makes SparkContext retry for minutes before it
    // gives up: bound the wait, and say which master could not be reached.
    conf.setIfMissing("spark.standalone.submit.waitAppCompletion", "false");
    ExecutorService starter =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "palr-spark-start");
              t.setDaemon(true);
              return t;
            });
    Future<SparkSession> f =
        starter.submit(() -> SparkSession.builder().config(conf).getOrCreate());
    try {
      SparkSession s = f.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      awaitExecutors(s, chosen, startTimeout);
      return s;
    } catch (TimeoutException e) {
      f.cancel(true);
      if (SparkSession.getActiveSession().isDefined()) {
        stopQuietly(SparkSession.getActiveSession().get());
      }
      throw new IllegalStateException(
          "Spark master "
              + chosen
              + " did not accept the application within "
              + startTimeout.toSeconds()
              + " s (is it running and reachable?)",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot start Spark on master " + chosen + ": " + rootMessage(e.getCause()),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Spark on " + chosen, e);
    } finally {
      starter.shutdownNow();
    }
  }

  /** Adds palr's settings to a configuration without overriding what the user set. */
  public static SparkConf configure(SparkConf conf, String master) {
    String plugins = conf.get("spark.plugins", "");
    if (!plugins.contains(PalrSparkPlugin.class.getName())) {
      conf.set(
          "spark.plugins",
          plugins.isBlank()
              ? PalrSparkPlugin.class.getName()
              : plugins + "," + PalrSparkPlugin.class.getName());
    }
    if (master.toLowerCase(Locale.ROOT).startsWith("local")) {
      // an embedded master is a laptop run: loopback only, no web UI, few shuffle partitions
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.ui.showConsoleProgress", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(4 * localThreads(master)));
    }
    conf.setIfMissing("spark.sql.adaptive.enabled", "true");
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "200");
    return conf;
  }

  /** The thread count of a {@code local[N]}, {@code local[N,F]} or {@code local[*]} master. */
  static int localThreads(String master) {
    int open = master.indexOf('[');
    if (open < 0) {
      return 1;
    }
    String inner = master.substring(open + 1, master.indexOf(']', open));
    int comma = inner.indexOf(',');
    String n = (comma < 0 ? inner : inner.substring(0, comma)).trim();
    return n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
  }

  private static void awaitExecutors(SparkSession s, String master, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // the driver's block manager counts as one; a cluster job needs at least one executor more
    while (s.sparkContext().getExecutorMemoryStatus().size() < 2) {
      if (System.nanoTime() > deadline) {
        stopQuietly(s);
        throw new TimeoutException("no executor registered with " + master);
      }
      Thread.sleep(100);
    }
  }

  private static void stopQuietly(SparkSession s) {
    try {
      s.stop();
    } catch (RuntimeException ignored) {
      // already failing: the original error is what matters
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }
}
