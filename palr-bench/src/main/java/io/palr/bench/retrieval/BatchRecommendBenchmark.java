package io.palr.bench.retrieval;

import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.api.scoring.ItemScorer;
import io.palr.core.pipeline.Palr;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.snapshot.DatasetSnapshot;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.checkpoint.Checkpoints;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainableModel;
import io.palr.retrieval.train.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-JVM batch recommendation throughput: {@code Palr.recommendAll} for every user of a
 * snapshot (retriever only, retrieval in batches), the baseline of {@code palr spark recommend}'s
 * users/s. Prints the load time and the users/s of each run.
 *
 * <p>Options: {@code --data SNAPSHOT} (required), {@code --model-dir DIR} (a checkpoint folder or a
 * {@code palr train} folder; default: ItemKNN fitted on the spot), {@code --k 10}, {@code --batch
 * 256}, {@code --runs 3}.
 */
public final class BatchRecommendBenchmark {
  private BatchRecommendBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path data = null;
    Path modelDir = null;
    int k = 10;
    int batch = Palr.DEFAULT_RETRIEVAL_BATCH;
    int runs = 3;
    for (int i = 0; i < args.length; i += 2) { // option, value
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> data = Path.of(v);
        case "--model-dir" -> modelDir = Path.of(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--runs" -> runs = Integer.parseInt(v);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + " (known: --data --model-dir --k --batch --runs)");
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data SNAPSHOT is required");
    }
    long t0 = System.nanoTime();
    InteractionDataset d = DatasetSnapshot.read(data).dataset();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(d);
    ItemScorer scorer;
    String name;
    if (modelDir == null) {
      scorer =
          RetrievalModels.fit(ModelType.ITEMKNN.defaultConfig(), split, TrainerConfig.defaults())
              .scorer();
      name = "itemknn";
    } else {
      Path ckpt =
          Files.isRegularFile(modelDir.resolve(Checkpoints.MANIFEST))
              ? modelDir
              : modelDir.resolve("checkpoint");
      scorer = Checkpoints.load(ckpt, d.fingerprint(), ai.djl.Device.cpu());
      name = Checkpoints.readManifest(ckpt).modelType();
    }
    List<int[]> train = new ArrayList<>();
    for (int u = 0; u < split.numUsers(); u++) {
      train.add(split.train(u));
    }
    ScorerRetriever retriever =
        new ScorerRetriever(
            name, scorer, d.catalog(), PopularityScorer.fit(split.numItems(), train));
    List<UserHistory> histories = new ArrayList<>();
    for (int u = 0; u < d.numUsers(); u++) {
      histories.add(d.history(u));
    }
    System.out.printf(
        Locale.ROOT,
        "loaded %s (%,d users, %,d items) and %s in %.2f s%n",
        data,
        d.numUsers(),
        d.numItems(),
        name,
        (System.nanoTime() - t0) / 1e9);
    try (Palr palr =
        Palr.builder()
            .retriever(retriever)
            .catalog(d.catalog())
            .retrievalBatchSize(batch)
            .build()) {
      for (int r = 1; r <= runs; r++) {
        long s = System.nanoTime();
        List<Recommendation> recs = palr.recommendAll(histories, k);
        double sec = (System.nanoTime() - s) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "run %d: recommendAll of %,d users (k %d, batch %d) in %.2f s: %.1f users/s%n",
            r,
            recs.size(),
            k,
            batch,
            sec,
            recs.size() / sec);
      }
    } finally {
      if (scorer instanceof TrainableModel<?> m) {
        m.close();
      }
    }
  }
}
