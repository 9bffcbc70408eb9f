package io.palr.bench.retrieval;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.train.RankingMetrics;
import io.palr.retrieval.train.TrainerConfig;
import io.palr.retrieval.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The retrieval quality table: every model on Amazon Beauty and MovieLens-100K (5-core),
 * leave-one-out, test item ranked against the full catalogue (history excluded) and against 100
 * uniformly sampled negatives (the SASRec paper's protocol). Each finished row is printed and
 * appended to {@code results.tsv} in the output directory at once; rows already there are skipped,
 * so an interrupted run resumes where it stopped.
 *
 * <p>Usage: {@code QualityBenchmark [--shared DIR] [--out DIR] [--data beauty,ml100k] [--models
 * sasrec,bpr,...] [--max-epochs N] [--minutes-per-model M] [--sasrec-minutes M] [--lr 0.001]}
 */
public final class QualityBenchmark {
  private QualityBenchmark() {}

  /** Entry point; see the class comment for arguments. */
  public static void main(String[] args) throws IOException {
    BenchSupport.configureDjl();
    Path shared = Path.of(BenchSupport.arg(args, "--shared", "../shared"));
    Path out = Path.of(BenchSupport.arg(args, "--out", "runs/retrieval-quality"));
    List<String> data = List.of(BenchSupport.arg(args, "--data", "beauty,ml100k").split(","));
    List<String> models =
        List.of(
            BenchSupport.arg(args, "--models", "pop,itemknn,sasrec,bpr,ncf,gru4rec,caser")
                .split(","));
    int maxEpochs = Integer.parseInt(BenchSupport.arg(args, "--max-epochs", "200"));
    float lr = Float.parseFloat(BenchSupport.arg(args, "--lr", "0.001"));
    long budget = Long.parseLong(BenchSupport.arg(args, "--minutes-per-model", "0")) * 60;
    long sasrecBudget = Long.parseLong(BenchSupport.arg(args, "--sasrec-minutes", "0")) * 60;
    Files.createDirectories(out);
    Path results = out.resolve("results.tsv");
    Set<String> done = new HashSet<>();
    if (Files.exists(results)) {
      for (String line : Files.readAllLines(results)) {
        String[] f = line.split("\t", -1);
        if (f.length > 2) {
          done.add(f[0] + "/" + f[1]);
        }
      }
    } else {
      Files.writeString(
          results,
          "dataset\tmodel\tfull_hr10\tfull_ndcg10\tsampled_hr10\tsampled_ndcg10\tepochs"
              + "\tbest_epoch\ttrain_seconds\n");
    }
    System.out.println(
        "dataset\tmodel\tfull_hr10\tfull_ndcg10\tsampled_hr10\tsampled_ndcg10\tepochs\tbest_epoch"
            + "\ttrain_seconds");
    for (String d : data) {
      InteractionDataset ds =
          switch (d) {
            case "beauty" -> BenchData.beauty(shared.resolve("data/beauty/user_sequence.txt"));
            case "ml100k" -> BenchData.movieLens100k(shared.resolve("data/ml-100k/u.data"));
            default ->
                throw new IllegalArgumentException("unknown data set " + d + " (beauty|ml100k)");
          };
      LeaveOneOutSplit split = LeaveOneOutSplit.of(ds);
      System.err.printf(
          "%s: %d users, %d items, %d interactions, fingerprint %s%n",
          d, ds.numUsers(), ds.numItems(), ds.numInteractions(), ds.fingerprint());
      List<int[]> histories = new ArrayList<>(split.numUsers());
      int[] targets = new int[split.numUsers()];
      for (int u = 0; u < split.numUsers(); u++) {
        histories.add(split.trainAndValidation(u));
        targets[u] = split.testItem(u);
      }
      for (String name : models) {
        if (done.contains(d + "/" + name)) {
          System.err.println("skipping " + d + "/" + name + " (already in " + results + ")");
          continue;
        }
        ModelConfig config = settingsFor(d, ModelType.parse(name));
        TrainerConfig trainer =
            trainerFor(d, config.type(), maxEpochs)
                .withMaxSeconds(
                    config.type() == ModelType.SASREC && sasrecBudget > 0 ? sasrecBudget : budget)
                .withLearningRate(lr)
                .withRunDirectory(out.resolve(d + "-" + name));
        long t0 = System.nanoTime();
        try (RetrievalModels.Fitted fitted = RetrievalModels.fit(config, split, trainer)) {
          double trainSecs = (System.nanoTime() - t0) / 1e9;
          ItemScorer scorer = fitted.scorer();
          RankingMetrics.Result full =
              RankingMetrics.fullRanking(scorer, histories, targets, 10, 256);
          RankingMetrics.Result sampled =
              RankingMetrics.sampled(scorer, histories, targets, 10, 100, 2024L, 256);
          String row =
              String.format(
                  Locale.ROOT,
                  "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%s\t%s\t%.0f",
                  d,
                  name,
                  full.hitRate(),
                  full.ndcg(),
                  sampled.hitRate(),
                  sampled.ndcg(),
                  fitted.training().map(r -> Integer.toString(r.epochs().size())).orElse("-"),
                  fitted.training().map(r -> Integer.toString(r.bestEpoch())).orElse("-"),
                  trainSecs);
          System.out.println(row);
          Files.writeString(results, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          fitted.training().map(TrainingResult::stoppedEarly).ifPresent(s -> {});
        }
      }
    }
  }

  /**
   * Per data set hyper-parameters: the SASRec paper's (max length 50 / dropout 0.5 on Beauty, 200 /
   * 0.2 dense).
   */
  static ModelConfig settingsFor(String dataset, ModelType type) {
    boolean dense = dataset.startsWith("ml");
    return switch (type) {
      case SASREC ->
          dense
              ? new io.palr.retrieval.model.SasRecConfig(200, 50, 2, 1, 0.2f, 0f)
              : io.palr.retrieval.model.SasRecConfig.defaults();
      case GRU4REC ->
          dense
              ? new io.palr.retrieval.model.Gru4RecConfig(200, 64, 0.2f)
              : io.palr.retrieval.model.Gru4RecConfig.defaults();
      default -> type.defaultConfig();
    };
  }

  /**
   * Trainer settings: batch 128 for sequence models, 1024 for pointwise ones (one unit = one
   * interaction).
   */
  static TrainerConfig trainerFor(String dataset, ModelType type, int maxEpochs) {
    boolean sequence = type == ModelType.SASREC || type == ModelType.GRU4REC;
    return TrainerConfig.defaults()
        .withMaxEpochs(sequence ? maxEpochs : Math.max(1, maxEpochs / 4))
        .withBatchSize(sequence ? 128 : 1024)
        .withEarlyStopping(sequence ? 4 : 3, sequence ? 4 : 2)
        .withValidationUsers(2000)
        .withProgressBar(false);
  }
}
