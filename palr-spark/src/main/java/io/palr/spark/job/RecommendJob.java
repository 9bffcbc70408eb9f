package io.palr.spark.job;

import io.palr.spark.prep.PreparedData;
import io.palr.spark.recommend.PipelineFactory;
import io.palr.spark.recommend.SparkRecommender;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code palr spark recommend}: top-k for every user, as Parquet rows with provenance. */
@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description = {
      "Recommend for every user of a prepared folder; writes Parquet rows: user_id, rank, item_id,",
      "score, retriever, llm_ranked, back_filled, status, fallback_reason. The pipeline is built",
      "once per executor."
    },
    footer = {
      "",
      "Example:",
      "  palr spark recommend --prepared data/ml100k-spark --data data/ml100k.palrds"
          + " --model-dir runs/sasrec -k 10 -o out/recs"
    })
final class RecommendJob implements Callable<Integer> {
  @Mixin JobOptions job;

  @Mixin ModelChoice model;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = "Retriever folder written by 'palr train' (default: fit --model on the spot).")
  String modelDir;

  @Option(
      names = "--model",
      paramLabel = "TYPE",
      defaultValue = "itemknn",
      description =
          "Model fitted on the spot without --model-dir: pop or itemknn (default: ${DEFAULT-VALUE}).")
  String modelType;

  @Option(
      names = "-k",
      paramLabel = "K",
      defaultValue = "10",
      description = "Items per user (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--candidates",
      paramLabel = "N",
      defaultValue = "50",
      description = "Candidates the LLM ranks (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Output folder (Parquet).")
  String output;

  @Override
  public Integer call() {
    if (k < 1 || candidates < 1) {
      throw new PalrSparkJob.UsageException("-k and --candidates must be >= 1");
    }
    PipelineFactory factory = model.factory(modelDir, modelType).withNumCandidates(candidates);
    try (JobOptions.Session s = job.start("palr spark recommend")) {
      SparkRecommender.Builder b = SparkRecommender.builder(s.spark()).pipeline(factory).k(k);
      if (model.partitions != null) {
        b.partitions(model.partitions);
      }
      SparkRecommender.Result r =
          b.build().recommend(PreparedData.open(s.spark(), model.prepared), output);
      System.out.printf(
          Locale.ROOT,
          "recommended %d items for %,d users in %.1f s (%.1f users/s, master %s, %d pipeline(s) built)%nwrote %,d rows to %s%n",
          k,
          r.users(),
          r.elapsed().toMillis() / 1000.0,
          r.usersPerSecond(),
          s.spark().sparkContext().master(),
          r.pipelinesBuilt(),
          r.rows(),
          r.output());
    }
    return 0;
  }
}
