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

  /**
   * Checks that {@code args} are {@code --name value} pairs with known names.
   *
   * @throws IllegalArgumentException naming the unknown option or the one without a value
   */
  static void requireKnown(String[] args, String... names) {
    java.util.List<String> known = java.util.List.of(names);
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException(
            "unknown option " + args[i] + " (known: " + String.join(" ", names) + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
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
