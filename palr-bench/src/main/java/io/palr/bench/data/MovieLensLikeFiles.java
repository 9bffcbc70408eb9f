package io.palr.bench.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;

/**
 * Writes a MovieLens-1M-shaped {@code ratings.dat} and {@code movies.dat} for benchmarking the
 * loaders: skewed user activity (at least 20 ratings each, like ML-1M), Zipf-like item popularity,
 * no repeated item per user, ratings 1..5 and timestamps in shuffled order within each user (like
 * the real file, which is grouped by user but not sorted by time). Deterministic for a seed.
 */
final class MovieLensLikeFiles {
  private MovieLensLikeFiles() {}

  /** The fewest ratings a generated user has. */
  static final int MIN_PER_USER = 20;

  /**
   * Checks that the sizes can be generated: every user rates at least {@value #MIN_PER_USER} and at
   * most {@code items - 1} distinct items.
   *
   * @throws IllegalArgumentException naming the option to change
   */
  static void checkSizes(int users, int items, long interactions) {
    if (users < 1 || items <= MIN_PER_USER) {
      throw new IllegalArgumentException(
          "--users must be >= 1 and --items > " + MIN_PER_USER + ": " + users + ", " + items);
    }
    long fewest = (long) MIN_PER_USER * users;
    long most = (long) (items - 1) * users;
    if (interactions < fewest || interactions > most) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "--interactions %,d cannot be generated for --users %,d and --items %,d: each user"
                  + " rates %d to %,d items, so between %,d and %,d interactions",
              interactions,
              users,
              items,
              MIN_PER_USER,
              items - 1,
              fewest,
              most));
    }
  }

  /** Writes both files into {@code dir}; returns the number of ratings written. */
  static long write(Path dir, int users, int items, long interactions, long seed)
      throws IOException {
    checkSizes(users, items, interactions);
    Random rnd = new Random(seed);
    Files.createDirectories(dir);
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("movies.dat"), StandardCharsets.ISO_8859_1)) {
      String[] genres = {
        "Action", "Comedy", "Drama", "Romance", "Thriller", "Children's", "Sci-Fi"
      };
      for (int i = 1; i <= items; i++) {
        w.write(
            i
                + "::Movie "
                + i
                + " ("
                + (1920 + i % 81)
                + ")::"
                + genres[i % genres.length]
                + "|"
                + genres[(i / 7) % genres.length]
                + "\n");
      }
    }
    // user lengths: 20 + a heavy-tailed share of the remainder, scaled to the target total
    double[] weight = new double[users];
    double sum = 0;
    for (int u = 0; u < users; u++) {
      weight[u] = Math.exp(rnd.nextGaussian() * 1.1);
      sum += weight[u];
    }
    long rest = Math.max(0, interactions - 20L * users);
    int[] length = new int[users];
    long total = 0;
    for (int u = 0; u < users; u++) {
      length[u] = (int) Math.min(items - 1, 20 + Math.round(rest * weight[u] / sum));
      total += length[u];
    }
    for (int u = 0;
        total != interactions;
        u = (u + 1) % users) { // fix rounding to hit the exact total
      if (total < interactions && length[u] < items - 1) {
        length[u]++;
        total++;
      } else if (total > interactions && length[u] > 20) {
        length[u]--;
        total--;
      }
    }
    // Zipf-like popularity (exponent 0.9) via a cumulative table
    double[] cdf = new double[items];
    double acc = 0;
    for (int i = 0; i < items; i++) {
      acc += 1.0 / Math.pow(i + 1, 0.9);
      cdf[i] = acc;
    }
    BitSet seen = new BitSet(items);
    long written = 0;
    try (BufferedWriter w =
        Files.newBufferedWriter(
            dir.resolve("ratings.dat"),
            StandardCharsets.ISO_8859_1,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      StringBuilder line = new StringBuilder(48);
      for (int u = 0; u < users; u++) {
        seen.clear();
        long start = 956_703_932L + rnd.nextInt(80_000_000);
        for (int k = 0; k < length[u]; k++) {
          int item;
          do {
            int pos = java.util.Arrays.binarySearch(cdf, rnd.nextDouble() * acc);
            item = pos >= 0 ? pos : Math.min(items - 1, -pos - 1);
          } while (seen.get(item));
          seen.set(item);
          line.setLength(0);
          line.append(u + 1)
              .append("::")
              .append(item + 1)
              .append("::")
              .append(1 + rnd.nextInt(5))
              .append("::")
              .append(start + rnd.nextInt(3_000_000))
              .append('\n');
          w.append(line);
          written++;
        }
      }
    }
    return written;
  }
}
