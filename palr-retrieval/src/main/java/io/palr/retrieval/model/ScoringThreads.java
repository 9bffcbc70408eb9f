package io.palr.retrieval.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Spreads a call's scoring chunks over a small shared pool of daemon threads. The degree of
 * parallelism is {@code palr.scoring.threads} when set, otherwise the processor count divided by
 * the engine's intra-op threads ({@code ai.djl.pytorch.num_threads}; PyTorch uses every core when
 * it is unset, so the default is then 1 and nothing is oversubscribed). The calling thread works
 * too and takes chunks from the same counter, so a call never waits for a pool busy with other
 * callers.
 */
final class ScoringThreads {
  private static final int PARALLELISM = parallelism();
  private static final ExecutorService POOL =
      PARALLELISM <= 1
          ? null
          : Executors.newFixedThreadPool(
              PARALLELISM - 1,
              r -> {
                Thread t =
                    new Thread(
                        () -> {
                          pinIntraOpThreads();
                          r.run();
                        },
                        "palr-scoring");
                t.setDaemon(true);
                return t;
              });

  private ScoringThreads() {}

  /** Threads one scoring call may use, the caller included. */
  static int parallelism() {
    Integer configured = Integer.getInteger("palr.scoring.threads");
    if (configured != null) {
      return Math.max(1, configured);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    Integer intraOp = Integer.getInteger("ai.djl.pytorch.num_threads");
    return intraOp == null ? 1 : Math.max(1, cores / Math.max(1, intraOp));
  }

  /**
   * PyTorch applies {@code ai.djl.pytorch.num_threads} (OpenMP's thread count) to the thread that
   * started the engine only; a new thread would run its ops on every core and, two pool threads at
   * once, oversubscribe the machine (measured: 2,795 instead of 3,751 users/s with two scoring
   * threads and OMP_NUM_THREADS unset).
   */
  private static void pinIntraOpThreads() {
    Integer intraOp = Integer.getInteger("ai.djl.pytorch.num_threads");
    if (intraOp != null && intraOp > 0) {
      try {
        ai.djl.pytorch.jni.JniUtils.setNumThreads(intraOp);
      } catch (RuntimeException | LinkageError e) {
        // another engine, or natives not loaded yet: keep the engine's default
      }
    }
  }

  /**
   * Runs {@code task} for every index in {@code [0, count)}, each exactly once, and returns when
   * all are done.
   */
  static void forEach(int count, IntConsumer task) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          for (int i; (i = next.getAndIncrement()) < count && failure.get() == null; ) {
            try {
              task.accept(i);
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            }
          }
        };
    int helpers = POOL == null ? 0 : Math.min(PARALLELISM - 1, count - 1);
    Future<?>[] futures = new Future<?>[Math.max(0, helpers)];
    for (int h = 0; h < futures.length; h++) {
      futures[h] = POOL.submit(worker);
    }
    worker.run();
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scoring", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("scoring worker failed", e.getCause());
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
