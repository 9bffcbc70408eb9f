package io.palr.bench.eval;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.eval.protocol.UserSelection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures full-ranking evaluation throughput (users per second) for a random {@link ItemScorer} on
 * a synthetic data set of the Amazon Beauty shape (20,000 users x 12,000 items, 5 to 15
 * interactions per user).
 *
 * <p>Two scorers are timed: {@code fresh} draws a new random score row per user (the scorer's own
 * cost included, as a model would have), {@code pooled} hands out rows from a pre-drawn pool (the
 * evaluator's cost alone: history extraction, known-item exclusion and rank counting). Usage:
 *
 * <pre>
 * java -cp ... io.palr.bench.eval.EvaluationThroughputBenchmark [users] [items] [threads] [repetitions]
 * </pre>
 */
public final class EvaluationThroughputBenchmark {
  private EvaluationThroughputBenchmark() {}

  /**
   * Runs the benchmark and prints one line per configuration.
   *
   * @param args optional: users (20000), items (12000), threads (1), repetitions (3)
   */
  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 12_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    LeaveOneOutSplit split = syntheticSplit(users, items, 5, 15, 1);
    System.out.printf(
        Locale.ROOT,
        "data: %d users x %d items, %d interactions; threads %d; JVM %s, %d cores%n",
        split.numUsers(),
        items,
        split.dataset().numInteractions(),
        threads,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    for (String scorerKind : List.of("pooled", "fresh")) {
      for (RankingProtocol protocol :
          List.of(RankingProtocol.full(), RankingProtocol.sampled(100, 7))) {
        ItemScorer scorer =
            scorerKind.equals("fresh") ? freshRandom(items, 3) : pooledRandom(items, 64, 3);
        Evaluator ev =
            Evaluator.builder(split)
                .protocol(protocol)
                .threads(threads)
                .batchSize(256)
                .metrics(Metric.standard(5, 10, 20))
                .build();
        // warm-up on a slice, so the JIT has compiled the ranking loop
        Evaluator.builder(split)
            .protocol(protocol)
            .users(UserSelection.first(Math.min(users, 3000)))
            .build()
            .evaluate("warmup", scorer);
        double[] rates = new double[reps];
        EvaluationResult last = null;
        for (int r = 0; r < reps; r++) {
          last = ev.evaluate(scorerKind, scorer);
          rates[r] = last.usersPerSecond();
        }
        Arrays.sort(rates);
        System.out.printf(
            Locale.ROOT,
            "%-6s scorer, %-45s median %,10.0f users/s (min %,.0f, max %,.0f); " + "HR@10 %.4f%n",
            scorerKind,
            protocol.describe(),
            rates[reps / 2],
            rates[0],
            rates[reps - 1],
            last.mean(Metric.hr(10)));
      }
    }
  }

  /** A random data set: each user has {@code minLen..maxLen} distinct uniformly drawn items. */
  static LeaveOneOutSplit syntheticSplit(int users, int items, int minLen, int maxLen, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>(users);
    List<int[]> seqs = new ArrayList<>(users);
    for (int u = 0; u < users; u++) {
      ids.add("u" + u);
      seqs.add(
          rng.ints(0, items).distinct().limit(minLen + rng.nextInt(maxLen - minLen + 1)).toArray());
    }
    List<io.palr.api.Item> catalog = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      catalog.add(io.palr.api.Item.of("i" + i, ""));
    }
    return LeaveOneOutSplit.of(
        io.palr.data.InteractionDataset.of(
            "synthetic-beauty-shape", io.palr.data.Catalog.of(catalog), ids, seqs, null));
  }

  private static ItemScorer freshRandom(int items, long seed) {
    return new ItemScorer() {
      @Override
      public int numItems() {
        return items;
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][items];
        for (int i = 0; i < out.length; i++) {
          SplittableRandom rng = new SplittableRandom(seed ^ Arrays.hashCode(histories.get(i)));
          float[] row = out[i];
          for (int j = 0; j < items; j++) {
            row[j] = rng.nextFloat();
          }
        }
        return out;
      }
    };
  }

  private static ItemScorer pooledRandom(int items, int poolSize, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[][] pool = new float[poolSize][items];
    for (float[] row : pool) {
      for (int j = 0; j < items; j++) {
        row[j] = rng.nextFloat();
      }
    }
    return new ItemScorer() {
      @Override
      public int numItems() {
        return items;
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][];
        for (int i = 0; i < out.length; i++) {
          out[i] = pool[Math.floorMod(Arrays.hashCode(histories.get(i)), poolSize)];
        }
        return out;
      }
    };
  }
}
