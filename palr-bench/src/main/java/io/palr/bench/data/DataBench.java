package io.palr.bench.data;

import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.load.DatasetLoaders;
import io.palr.data.load.LoadResult;
import io.palr.data.snapshot.DatasetSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark of the data path: generates a MovieLens-1M-shaped {@code ratings.dat} (1M ratings,
 * 6,040 users, 3,706 items by default) in a temporary directory, then measures in this JVM the wall
 * time of load + 5-core + leave-one-out split (first, cold run and the best of the warm runs), the
 * heap used by the prepared data set after GC, its estimated compact size, and snapshot write/read
 * times. The {@code palr bench} command calls {@link #main}.
 *
 * <p>Options: {@code --interactions N --users N --items N --runs N --seed N --dir PATH} (an
 * existing directory with {@code ratings.dat} and {@code movies.dat} is used as is, e.g. the real
 * MovieLens 1M).
 */
public final class DataBench {
  private DataBench() {}

  /** Runs the benchmark and prints one line per measurement. */
  public static void main(String[] args) throws IOException {
    long interactions = 1_000_000;
    int users = 6040;
    int items = 3706;
    int runs = 5;
    long seed = 42;
    Path dir = null;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--interactions" -> interactions = Long.parseLong(require(args[i], v));
        case "--users" -> users = Integer.parseInt(require(args[i], v));
        case "--items" -> items = Integer.parseInt(require(args[i], v));
        case "--runs" -> runs = Integer.parseInt(require(args[i], v));
        case "--seed" -> seed = Long.parseLong(require(args[i], v));
        case "--dir" -> dir = Path.of(require(args[i], v));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (known: --interactions --users --items --runs --seed --dir)");
      }
    }
    boolean generated = dir == null || !Files.isRegularFile(dir.resolve("ratings.dat"));
    Path work = dir != null ? dir : Files.createTempDirectory("palr-databench");
    try {
      if (generated) {
        long t = System.nanoTime();
        long n = MovieLensLikeFiles.write(work, users, items, interactions, seed);
        print(
            "generated %,d ratings (%d users, %d items) in %s: %.1f MB, %.2f s",
            n,
            users,
            items,
            work,
            Files.size(work.resolve("ratings.dat")) / 1e6,
            (System.nanoTime() - t) / 1e9);
      }
      Runtime rt = Runtime.getRuntime();
      print(
          "JVM %s, %d CPUs, max heap %d MB, load average %.2f",
          System.getProperty("java.version"),
          rt.availableProcessors(),
          rt.maxMemory() >> 20,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      long baseline = usedHeapAfterGc();
      LoadResult keep = null;
      double best = Double.MAX_VALUE;
      for (int r = 0; r < runs; r++) {
        keep = null;
        long c0 = processCpuNanos();
        long m0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        LoadResult result = DatasetLoaders.movieLens1m(work).minCore(5).load();
        long t1 = System.nanoTime();
        LeaveOneOutSplit split = result.split();
        long t2 = System.nanoTime();
        long c2 = processCpuNanos();
        long m2 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        double total = (t2 - t0) / 1e9;
        print(
            "run %d%s: load+5-core %.3f s, split %.3f s, total %.3f s wall; CPU %.3f s all JVM threads, "
                + "%.3f s main thread (%d users in split)",
            r + 1,
            r == 0 ? " (cold)" : "",
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            total,
            (c2 - c0) / 1e9,
            (m2 - m0) / 1e9,
            split.numUsers());
        if (r > 0) {
          best = Math.min(best, total);
        }
        keep = result;
      }
      if (runs > 1) {
        print("best warm run: %.3f s", best);
      }
      long withData = usedHeapAfterGc();
      InteractionDataset ds = keep.dataset();
      print("%s", keep.statistics());
      print(
          "heap used after GC: %.1f MB baseline, %.1f MB with the data set held (data set: %.1f MB)",
          baseline / 1e6, withData / 1e6, (withData - baseline) / 1e6);
      print("compact arrays + user ids (estimate): %.1f MB", ds.estimatedSizeBytes() / 1e6);

      Path snap = work.resolve("bench.palrds");
      long s0 = System.nanoTime();
      DatasetSnapshot.write(ds, snap);
      long s1 = System.nanoTime();
      InteractionDataset back = DatasetSnapshot.read(snap).dataset();
      long s2 = System.nanoTime();
      if (!back.fingerprint().equals(ds.fingerprint())) {
        throw new IllegalStateException("snapshot round trip changed the data set");
      }
      print(
          "snapshot: %.1f MB, write %.3f s, read %.3f s",
          Files.size(snap) / 1e6, (s1 - s0) / 1e9, (s2 - s1) / 1e9);
      Files.delete(snap);
    } finally {
      if (generated && dir == null) {
        try (Stream<Path> s = Files.walk(work)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /**
   * CPU time of the whole JVM (all threads, including JIT and GC), or -1 where the platform does
   * not say.
   */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
