package io.palr.spark.job;

import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.NegativeSampling;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.retrieval.ModelType;
import io.palr.spark.eval.SparkEvaluator;
import io.palr.spark.io.OutputFolder;
import io.palr.spark.prep.PreparedData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code palr spark evaluate}: palr-eval's leave-one-out evaluation, distributed. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate retrievers on a prepared folder's leave-one-out split (HR@K, NDCG@K, MRR; full or",
      "sampled ranking, pessimistic ties), with the numbers of 'palr evaluate'. Writes results.csv,",
      "results.json and per-user Parquet tables."
    },
    footer = {
      "",
      "Example:",
      "  palr spark evaluate --prepared data/ml100k-spark --data data/ml100k.palrds"
          + " --systems pop,itemknn,sasrec --model-dir sasrec=runs/sasrec -o out/eval"
    })
final class EvaluateJob implements Callable<Integer> {
  @Mixin JobOptions job;

  @Mixin ModelChoice model;

  @Option(
      names = {"-s", "--systems"},
      paramLabel = "SYSTEM",
      split = ",",
      defaultValue = "pop,itemknn",
      description = "Systems (default: ${DEFAULT-VALUE}); neural ones need --model-dir.")
  List<String> systems = new ArrayList<>();

  @Option(
      names = "--model-dir",
      paramLabel = "SYSTEM=DIR",
      description = "A model folder from 'palr train' for a system (repeatable).")
  Map<String, String> modelDirs = new LinkedHashMap<>();

  @Option(
      names = "--protocol",
      paramLabel = "PROTOCOL",
      defaultValue = "full",
      description = "full or sampled (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--negatives",
      paramLabel = "N",
      defaultValue = "100",
      description = "Negatives per user, sampled protocol (default: ${DEFAULT-VALUE}).")
  int negatives;

  @Option(
      names = "--popularity-negatives",
      description = "Sample negatives by popularity instead of uniformly.")
  boolean popularityNegatives;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of the negatives (default: ${DEFAULT-VALUE}, as 'palr evaluate').")
  long seed;

  @Option(
      names = "--cutoffs",
      paramLabel = "K",
      split = ",",
      defaultValue = "5,10,20",
      description = "Cutoffs K of HR@K and NDCG@K (default: ${DEFAULT-VALUE}).")
  List<Integer> cutoffs = new ArrayList<>();

  @Option(
      names = "--validation",
      description = "Predict the validation items instead of the test items.")
  boolean validation;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Output folder.")
  String output;

  @Override
  public Integer call() {
    RankingProtocol p =
        switch (protocol.toLowerCase(Locale.ROOT)) {
          case "full" -> RankingProtocol.full();
          case "sampled" -> {
            if (negatives < 1) {
              throw new PalrSparkJob.UsageException("--negatives must be >= 1");
            }
            yield RankingProtocol.sampled(
                negatives,
                popularityNegatives ? NegativeSampling.POPULARITY : NegativeSampling.UNIFORM,
                seed);
          }
          default ->
              throw new PalrSparkJob.UsageException(
                  "unknown --protocol '" + protocol + "'; expected full or sampled");
        };
    int[] ks = cutoffs.stream().mapToInt(Integer::intValue).toArray();
    for (String s : systems) {
      ModelType type;
      try {
        type = ModelType.parse(s);
      } catch (IllegalArgumentException e) {
        throw new PalrSparkJob.UsageException("--systems: " + e.getMessage());
      }
      if (type.neural() && !modelDirs.containsKey(s)) {
        throw new PalrSparkJob.UsageException(
            "system '" + s + "' needs --model-dir " + s + "=DIR (train one with 'palr train')");
      }
    }
    for (String s : modelDirs.keySet()) {
      if (!systems.contains(s)) {
        throw new PalrSparkJob.UsageException(
            "--model-dir names '" + s + "', which is not in --systems " + systems);
      }
    }
    try (JobOptions.Session session = job.start("palr spark evaluate")) {
      PreparedData data = PreparedData.open(session.spark(), model.prepared);
      OutputFolder out =
          OutputFolder.of(output, session.spark().sparkContext().hadoopConfiguration());
      List<SparkEvaluator.Result> results = new ArrayList<>();
      try {
        for (String system : systems) {
          SparkEvaluator.Builder b =
              SparkEvaluator.builder(session.spark())
                  .pipeline(model.factory(modelDirs.get(system), system))
                  .mode(validation ? EvaluationMode.VALIDATION : EvaluationMode.TEST)
                  .protocol(p)
                  .batchSize(model.batch);
          try {
            b.cutoffs(ks);
          } catch (IllegalArgumentException e) {
            throw new PalrSparkJob.UsageException("--cutoffs: " + e.getMessage());
          }
          if (model.partitions != null) {
            b.partitions(model.partitions);
          }
          System.err.println("evaluating " + system + " ...");
          SparkEvaluator.Result r = b.build().evaluate(system, data);
          r.perUser()
              .orderBy(PreparedData.SPLIT_IDX)
              .write()
              .parquet(out.staging("per_user/" + system));
          results.add(r);
        }
        write(out.staging("results.csv"), csv(results), session);
        write(out.staging("results.json"), json(results), session);
        out.commit();
      } catch (RuntimeException e) {
        out.abort();
        throw e;
      }
      printTable(results);
      System.out.println(
          "wrote "
              + out.target()
              + " ("
              + results.get(0).protocol()
              + ", "
              + results.get(0).users()
              + " users)");
    }
    return 0;
  }

  private static void printTable(List<SparkEvaluator.Result> results) {
    List<String> cols = new ArrayList<>(results.get(0).means().keySet());
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "system"));
    cols.forEach(c -> header.append(String.format(Locale.ROOT, " %9s", c)));
    System.out.println(header);
    for (SparkEvaluator.Result r : results) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", r.system()));
      for (String c : cols) {
        line.append(String.format(Locale.ROOT, " %9.4f", r.means().get(c)));
      }
      System.out.println(line);
    }
  }

  private static String csv(List<SparkEvaluator.Result> results) {
    List<String> cols = new ArrayList<>(results.get(0).means().keySet());
    StringBuilder sb =
        new StringBuilder("system,protocol,users," + String.join(",", cols) + ",seconds\n");
    for (SparkEvaluator.Result r : results) {
      sb.append(r.system()).append(",\"").append(r.protocol()).append("\",").append(r.users());
      for (String c : cols) {
        sb.append(',').append(r.means().get(c));
      }
      sb.append(',').append(r.elapsed().toMillis() / 1000.0).append('\n');
    }
    return sb.toString();
  }

  private static String json(List<SparkEvaluator.Result> results) {
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < results.size(); i++) {
      SparkEvaluator.Result r = results.get(i);
      sb.append("  {\"system\": \"")
          .append(r.system())
          .append("\", \"protocol\": \"")
          .append(r.protocol())
          .append("\", \"users\": ")
          .append(r.users())
          .append(", \"metrics\": {");
      int j = 0;
      for (Map.Entry<String, Double> e : r.means().entrySet()) {
        sb.append(j++ == 0 ? "" : ", ")
            .append('"')
            .append(e.getKey())
            .append("\": ")
            .append(e.getValue());
      }
      sb.append("}}").append(i + 1 < results.size() ? "," : "").append('\n');
    }
    return sb.append("]\n").toString();
  }

  private static void write(String file, String text, JobOptions.Session s) {
    Path p = new Path(file);
    try (OutputStream o =
        p.getFileSystem(s.spark().sparkContext().hadoopConfiguration()).create(p, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
