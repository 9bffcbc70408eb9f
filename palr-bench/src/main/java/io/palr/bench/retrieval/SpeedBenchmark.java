package io.palr.bench.retrieval;

import ai.djl.Device;
import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.model.SasRec;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.EpochStats;
import io.palr.retrieval.train.ProcessMemory;
import io.palr.retrieval.train.Trainer;
import io.palr.retrieval.train.TrainerConfig;
import io.palr.retrieval.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Speed and memory of SASRec (max length 200, hidden 50, 2 blocks, 1 head, batch 128) on data of
 * MovieLens-1M's shape. ML-1M ratings are not available here, so the data are synthetic: 6,040
 * users, 3,706 items, about 1M interactions (per-user lengths 20..~900, Zipf item popularity with a
 * sequential drift). Prints seconds per epoch, resident memory after each epoch (VmRSS, VmHWM), and
 * users per second of full-catalogue top-50 retrieval through the public {@link
 * ScorerRetriever#retrieveAll} (history excluded), in one call and in calls of 64 users.
 *
 * <p>Usage: {@code SpeedBenchmark [--epochs 3] [--users 6040] [--retrieval-users 2000]}
 */
public final class SpeedBenchmark {
  private SpeedBenchmark() {}

  /** Entry point; see the class comment for arguments. */
  public static void main(String[] args) throws Exception {
    BenchSupport.configureDjl();
    BenchSupport.requireKnown(args, "--epochs", "--users", "--retrieval-users");
    int epochs = Integer.parseInt(BenchSupport.arg(args, "--epochs", "3"));
    int users = Integer.parseInt(BenchSupport.arg(args, "--users", "6040"));
    int retrievalUsers = Integer.parseInt(BenchSupport.arg(args, "--retrieval-users", "2000"));
    InteractionDataset ds = movieLens1mShaped(users, 3706, 42L);
    System.out.printf(
        Locale.ROOT,
        "data: synthetic ML-1M-shaped, %d users, %d items, %d interactions%n",
        ds.numUsers(),
        ds.numItems(),
        ds.numInteractions());
    System.out.printf(
        Locale.ROOT, "load average before: %s", Files.readString(Path.of("/proc/loadavg")));
    LeaveOneOutSplit split = LeaveOneOutSplit.of(ds);
    SasRecConfig config = new SasRecConfig(200, 50, 2, 1, 0.2f, 0f);
    TrainerConfig tc =
        TrainerConfig.defaults()
            .withMaxEpochs(epochs)
            .withBatchSize(128)
            .withEarlyStopping(epochs, epochs)
            .withValidationUsers(500)
            .withProgressBar(true);
    try (SasRec model = new SasRec(config, ds.numItems(), Device.cpu(), 42L)) {
      double trainCpu0 = processCpuSeconds();
      TrainingResult r = new Trainer(tc).fit(model, split);
      System.out.printf(
          Locale.ROOT,
          "training: %.1f s wall, %.1f process CPU-s (the producer thread, validation and "
              + "the JIT included)%n",
          r.seconds(),
          processCpuSeconds() - trainCpu0);
      for (EpochStats e : r.epochs()) {
        System.out.printf(
            Locale.ROOT,
            "epoch %d: %.1f s, %.0f users/s, loss %.4f, VmRSS %d MiB, VmHWM %d MiB, "
                + "heap committed %d MiB, RSS minus heap %d MiB%n",
            e.epoch(),
            e.seconds(),
            split.numUsers() / e.seconds(),
            e.meanLoss(),
            e.rssMb(),
            e.peakRssMb(),
            e.heapCommittedMb(),
            e.rssMb() - e.heapCommittedMb());
      }
      System.out.printf(
          Locale.ROOT,
          "parameter-manager arrays after training: %d (weights %d)%n",
          model.parameters().managedArrayCount(),
          model.parameters().all().size());
      int n = Math.min(retrievalUsers, split.numUsers());
      List<UserHistory> histories = new ArrayList<>(n);
      List<int[]> train = new ArrayList<>(split.numUsers());
      for (int u = 0; u < split.numUsers(); u++) {
        train.add(split.train(u));
      }
      for (int u = 0; u < n; u++) {
        histories.add(ds.history(u));
      }
      ScorerRetriever retriever =
          new ScorerRetriever(
              "sasrec", model, ds.catalog(), PopularityScorer.fit(ds.numItems(), train));
      retriever.retrieveAll(histories.subList(0, Math.min(64, n)), 50); // warm-up
      long t0 = System.nanoTime();
      double c0 = processCpuSeconds();
      List<List<Candidate>> top = retriever.retrieveAll(histories, 50);
      double secs = (System.nanoTime() - t0) / 1e9;
      double cpu = processCpuSeconds() - c0;
      System.out.printf(
          Locale.ROOT,
          "retrieval: retrieveAll of %d users, full-catalogue top-50, history excluded, "
              + "in %.2f s = %.0f users/s; %.2f process CPU-s = %.0f users per CPU-second (first candidate of user 0: "
              + "%s)%n",
          n,
          secs,
          n / secs,
          cpu,
          n / cpu,
          top.get(0).get(0).item().id());
      t0 = System.nanoTime();
      c0 = processCpuSeconds();
      for (int s = 0; s < n; s += 64) {
        retriever.retrieveAll(histories.subList(s, Math.min(n, s + 64)), 50);
      }
      secs = (System.nanoTime() - t0) / 1e9;
      cpu = processCpuSeconds() - c0;
      System.out.printf(
          Locale.ROOT,
          "retrieval: the same users in calls of 64 (online micro-batches): %.2f s = %.0f "
              + "users/s; %.0f users per CPU-second%n",
          secs,
          n / secs,
          n / cpu);
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          Locale.ROOT,
          "JVM heap: committed %d MiB, used %d MiB%n",
          rt.totalMemory() >> 20,
          (rt.totalMemory() - rt.freeMemory()) >> 20);
      System.out.printf(
          Locale.ROOT,
          "final VmRSS %d MiB, VmHWM %d MiB; load average after: %s",
          ProcessMemory.rssMb(),
          ProcessMemory.peakRssMb(),
          Files.readString(Path.of("/proc/loadavg")));
    }
  }

  /** CPU time of the whole process (all threads), in seconds. */
  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /**
   * Synthetic data of ML-1M's shape: per-user lengths drawn log-uniformly in [20, 900] (mean about
   * 165), items from a Zipf(1.0) popularity mixed with a user-specific drifting "taste" window so
   * sequences have order.
   */
  static InteractionDataset movieLens1mShaped(int numUsers, int numItems, long seed) {
    Random rng = new Random(seed);
    double[] cdf = new double[numItems];
    double sum = 0;
    for (int i = 0; i < numItems; i++) {
      sum += 1.0 / (i + 1);
      cdf[i] = sum;
    }
    List<String> ids = new ArrayList<>();
    List<int[]> seqs = new ArrayList<>();
    for (int u = 0; u < numUsers; u++) {
      int len =
          (int)
              Math.round(
                  Math.exp(Math.log(20) + rng.nextDouble() * (Math.log(900) - Math.log(20))));
      len = Math.min(len, numItems / 2);
      java.util.LinkedHashSet<Integer> seq = new java.util.LinkedHashSet<>();
      int taste = rng.nextInt(numItems);
      while (seq.size() < len) {
        int item;
        if (rng.nextDouble() < 0.5) {
          item = Math.floorMod(taste + rng.nextInt(40) - 20, numItems);
          taste = Math.floorMod(taste + rng.nextInt(7) - 2, numItems);
        } else {
          double x = rng.nextDouble() * sum;
          int lo = java.util.Arrays.binarySearch(cdf, x);
          item = lo >= 0 ? lo : Math.min(numItems - 1, -lo - 1);
        }
        seq.add(item);
      }
      ids.add("u" + u);
      seqs.add(seq.stream().mapToInt(Integer::intValue).toArray());
    }
    List<Item> items = new ArrayList<>(numItems);
    for (int i = 0; i < numItems; i++) {
      items.add(Item.of("i" + i, ""));
    }
    return InteractionDataset.of("ml-1m-shaped-synthetic", Catalog.of(items), ids, seqs, null);
  }
}
