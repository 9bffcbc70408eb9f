package io.palr.spark.recommend;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipelines of one executor JVM: built on first use by the first task that needs one, shared by
 * every later task of that executor (tasks of one executor run as threads of one JVM), and closed
 * when the executor ends ({@link PalrSparkPlugin}, or a JVM shutdown hook when the plugin is not
 * configured). Keyed by {@link Factory#key()}, so that tasks of different jobs with the same
 * configuration share one pipeline too.
 */
public final class ExecutorResources {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorResources.class);
  private static final Map<String, Holder> RESOURCES = new LinkedHashMap<>();
  private static final AtomicInteger BUILDS = new AtomicInteger();
  private static final Map<String, Integer> BUILDS_BY_KEY =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static boolean hookInstalled;

  private ExecutorResources() {}

  /**
   * Something expensive an executor builds once: a serialisable recipe shipped with the tasks.
   *
   * @param <T> what it builds
   */
  public interface Factory<T extends AutoCloseable> extends Serializable {
    /** Equal for factories that build interchangeable resources. */
    String key();

    /** Builds the resource (on an executor). */
    T create() throws Exception;
  }

  private static final class Holder {
    private AutoCloseable value;
  }

  /**
   * The resource of {@code factory} in this JVM, built now if it is the first request. Concurrent
   * first requests wait for one build.
   *
   * @throws IllegalStateException if building fails (every later request retries)
   */
  public static <T extends AutoCloseable> T get(Factory<T> factory) {
    return get(factory, () -> {});
  }

  /**
   * As {@link #get(Factory)}; {@code onBuild} runs when this call is the one that builds (for a
   * job's count of builds).
   */
  @SuppressWarnings("unchecked")
  public static <T extends AutoCloseable> T get(Factory<T> factory, Runnable onBuild) {
    Holder h;
    synchronized (RESOURCES) {
      h = RESOURCES.computeIfAbsent(factory.key(), k -> new Holder());
      if (!hookInstalled) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(ExecutorResources::closeAll, "palr-executor-close"));
        hookInstalled = true;
      }
    }
    synchronized (h) {
      if (h.value == null) {
        long start = System.nanoTime();
        try {
          h.value = factory.create();
        } catch (Exception e) {
          throw new IllegalStateException(
              "cannot build the pipeline on this executor: " + e.getMessage(), e);
        }
        BUILDS.incrementAndGet();
        BUILDS_BY_KEY.merge(factory.key(), 1, Integer::sum);
        onBuild.run();
        LOG.info("built {} in {} ms", factory.key(), (System.nanoTime() - start) / 1_000_000);
      }
      return (T) h.value;
    }
  }

  /** How many resources this JVM has built (for tests and logs). */
  public static int builds() {
    return BUILDS.get();
  }

  /** How many times this JVM has built the resource of a key. */
  public static int builds(String key) {
    return BUILDS_BY_KEY.getOrDefault(key, 0);
  }

  /** How many resources are open in this JVM. */
  public static int open() {
    synchronized (RESOURCES) {
      return (int) RESOURCES.values().stream().filter(h -> h.value != null).count();
    }
  }

  /** Closes every resource of this JVM (the executor is ending); never throws. */
  public static void closeAll() {
    List<Holder> all;
    synchronized (RESOURCES) {
      all = new ArrayList<>(RESOURCES.values());
      RESOURCES.clear();
    }
    int closed = 0;
    for (Holder h : all) {
      synchronized (h) {
        if (h.value != null) {
          try {
            h.value.close();
            closed++;
          } catch (Exception | LinkageError e) {
            LOG.warn("closing a pipeline failed: {}", e.toString());
          }
          h.value = null;
        }
      }
    }
    if (closed > 0) {
      LOG.info("closed {} pipeline(s) of this JVM", closed);
    }
  }
}
