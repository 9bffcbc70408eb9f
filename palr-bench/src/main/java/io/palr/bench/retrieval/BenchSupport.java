package io.palr.bench.retrieval;

import java.nio.file.Path;

/** Small helpers shared by the benchmark entry points. */
final class BenchSupport {
  private BenchSupport() {}

  /** Keeps DJL offline and its caches in a writable directory, as surefire does for tests. */
  static void configureDjl() {
    System.setProperty("ai.djl.offline", "true");
    if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
      String dir = Path.of("target", "djl-cache").toAbsolutePath().toString();
      System.setProperty("DJL_CACHE_DIR", dir);
      System.setProperty("ENGINE_CACHE_DIR", dir);
    }
  }

  /** The value after {@code name} in {@code args}, or {@code fallback}. */
  static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
