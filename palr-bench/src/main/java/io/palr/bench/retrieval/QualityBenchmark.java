package io.palr.bench.retrieval;

import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.load.DatasetLoader;
import io.palr.data.load.DatasetLoaders;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.NegativeSampling;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.TrainingPreset;
import io.palr.retrieval.train.TrainerConfig;
import io.palr.retrieval.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The retrieval quality table: every model on Amazon Beauty and MovieLens-100K (5-core),
 * leave-one-out, test item ranked against the full catalogue (history excluded) and against 100
 * uniformly sampled negatives (the SASRec paper's protocol). It runs the code path of the command
 * line: the data set loaded as {@code palr prepare} loads it, each model trained with its {@link
 * TrainingPreset} (what {@code palr train --preset MODEL-DATASET} uses) and evaluated by
 * palr-eval's {@link Evaluator} as {@code palr evaluate} does (negatives drawn per user, seeded
 * with the training seed). Each finished row is printed and appended to {@code results.tsv} in the
 * output directory at once; rows already there are skipped, so an interrupted run resumes where it
 * stopped.
 *
 * <p>Usage: {@code QualityBenchmark [--shared DIR] [--out DIR] [--data beauty,ml100k] [--models
 * sasrec,bpr,...] [--seed 42] [--max-epochs N] [--minutes-per-model M] [--sasrec-minutes M] [--lr
 * 0.001]} (without the last four, the presets' settings).
 */
public final class QualityBenchmark {
  private static final String HEADER =
      "dataset\tmodel\tfull_hr10\tfull_ndcg10\tsampled_hr10\tsampled_ndcg10\tepochs\tbest_epoch"
          + "\ttrain_seconds";

  private QualityBenchmark() {}

  /**
   * One row of the table.
   *
   * @param fullHr full-ranking HR@10 on the test items
   * @param fullNdcg full-ranking NDCG@10
   * @param sampledHr HR@10 against 100 sampled negatives
   * @param sampledNdcg NDCG@10 against 100 sampled negatives
   * @param training the training run (empty for pop and itemknn)
   * @param trainSeconds wall time of fitting
   */
  public record Row(
      double fullHr,
      double fullNdcg,
      double sampledHr,
      double sampledNdcg,
      Optional<TrainingResult> training,
      double trainSeconds) {}

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
    long seed = Long.parseLong(BenchSupport.arg(args, "--seed", "42"));
    String maxEpochs = BenchSupport.arg(args, "--max-epochs", null);
    String lr = BenchSupport.arg(args, "--lr", null);
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
      Files.writeString(results, HEADER + "\n");
    }
    System.out.println(HEADER);
    for (String d : data) {
      InteractionDataset ds = load(shared, d);
      LeaveOneOutSplit split = LeaveOneOutSplit.of(ds);
      System.err.printf(
          "%s: %d users, %d items, %d interactions, fingerprint %s%n",
          d, ds.numUsers(), ds.numItems(), ds.numInteractions(), ds.fingerprint());
      for (String name : models) {
        if (done.contains(d + "/" + name)) {
          System.err.println("skipping " + d + "/" + name + " (already in " + results + ")");
          continue;
        }
        TrainingPreset preset = TrainingPreset.of(d, ModelType.parse(name));
        TrainerConfig trainer =
            preset
                .trainer()
                .withSeed(seed)
                .withMaxSeconds(
                    preset.type() == ModelType.SASREC && sasrecBudget > 0 ? sasrecBudget : budget);
        if (maxEpochs != null) {
          trainer = trainer.withMaxEpochs(Integer.parseInt(maxEpochs));
        }
        if (lr != null) {
          trainer = trainer.withLearningRate(Float.parseFloat(lr));
        }
        Row r = run(split, preset, trainer.withRunDirectory(out.resolve(d + "-" + name)));
        String row =
            String.format(
                Locale.ROOT,
                "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%s\t%s\t%.0f",
                d,
                name,
                r.fullHr(),
                r.fullNdcg(),
                r.sampledHr(),
                r.sampledNdcg(),
                r.training().map(t -> Integer.toString(t.epochs().size())).orElse("-"),
                r.training().map(t -> Integer.toString(t.bestEpoch())).orElse("-"),
                r.trainSeconds());
        System.out.println(row);
        Files.writeString(results, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
    }
  }

  /**
   * Loads a data set of the table as {@code palr prepare} does with its defaults: {@code --format
   * sequences ../shared/data/beauty/user_sequence.txt} or {@code --format ml-100k
   * ../shared/data/ml-100k}, 5-core, repeats dropped.
   */
  public static InteractionDataset load(Path shared, String dataset) throws IOException {
    return switch (dataset) {
      case "beauty" -> load("sequences", shared.resolve("data/beauty/user_sequence.txt"));
      case "ml100k" -> load("ml-100k", shared.resolve("data/ml-100k"));
      default ->
          throw new IllegalArgumentException("unknown data set " + dataset + " (beauty|ml100k)");
    };
  }

  /**
   * Loads {@code input} as {@code palr prepare --format FORMAT INPUT} does with its defaults
   * (5-core, repeats dropped).
   */
  public static InteractionDataset load(String format, Path input) throws IOException {
    DatasetLoader<?> loader = DatasetLoaders.forFormat(format, List.of(input));
    return loader.minCore(5, 5).deduplicate(true).load().dataset();
  }

  /**
   * Fits one model with the given settings and evaluates it on the test items as {@code palr
   * evaluate} does, under the full and the sampled protocol (100 uniform negatives per user, seeded
   * with the trainer's seed).
   */
  public static Row run(LeaveOneOutSplit split, TrainingPreset preset, TrainerConfig trainer) {
    long t0 = System.nanoTime();
    try (RetrievalModels.Fitted fitted = RetrievalModels.fit(preset.model(), split, trainer)) {
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      List<Metric> metrics = List.of(Metric.hr(10), Metric.ndcg(10));
      EvaluationResult full =
          Evaluator.builder(split)
              .metrics(metrics)
              .build()
              .evaluate(preset.type().id(), fitted.scorer());
      EvaluationResult sampled =
          Evaluator.builder(split)
              .metrics(metrics)
              .protocol(RankingProtocol.sampled(100, NegativeSampling.UNIFORM, trainer.seed()))
              .build()
              .evaluate(preset.type().id(), fitted.scorer());
      return new Row(
          full.mean(Metric.hr(10)),
          full.mean(Metric.ndcg(10)),
          sampled.mean(Metric.hr(10)),
          sampled.mean(Metric.ndcg(10)),
          fitted.training(),
          trainSeconds);
    }
  }
}
