package io.palr.bench.eval;

import io.palr.api.scoring.ItemScorer;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.load.DatasetLoaders;
import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TiePolicy;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.NegativeSampling;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.eval.report.Report;
import io.palr.eval.report.ReportFiles;
import io.palr.eval.report.ReportWriter;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end sanity run on a real data set: the popularity baseline (and a random scorer) evaluated
 * on the test split under full and sampled ranking, written as a full report. Reads the P5/SASRec
 * sequence format: one line per user, {@code <user> <item> <item> ...} in chronological order.
 * Usage:
 *
 * <pre>
 * java -cp ... io.palr.bench.eval.PopularityBaselineReport &lt;user_sequence.txt&gt; &lt;output dir&gt;
 * </pre>
 */
public final class PopularityBaselineReport {
  private PopularityBaselineReport() {}

  /**
   * Runs the evaluation and prints the table and the report's files.
   *
   * @param args the sequence file and the output folder
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: PopularityBaselineReport <user_sequence.txt> <output dir>");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    LeaveOneOutSplit split = LeaveOneOutSplit.of(readSequences(file));
    System.out.printf(
        Locale.ROOT,
        "%s: %d users, %d items, %d interactions%n",
        file,
        split.numUsers(),
        split.numItems(),
        split.dataset().numInteractions());
    // the popularity baseline of 'palr evaluate': training items counted (palr's one popularity
    // rule)
    ItemScorer popularity =
        RetrievalModels.fit(RetrievalModels.defaults("pop"), split, TrainerConfig.defaults())
            .scorer();
    double[] random = new double[split.numItems()];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    for (int i = 0; i < random.length; i++) {
      random[i] = rng.nextDouble();
    }
    ItemScorer randomScorer = constantRow(random);
    List<Metric> metrics = Metric.standard(5, 10, 20);
    Evaluator full = Evaluator.builder(split).metrics(metrics).threads(2).build();
    Evaluator fullExpected =
        Evaluator.builder(split).metrics(metrics).tiePolicy(TiePolicy.EXPECTED).threads(2).build();
    Evaluator sampled =
        Evaluator.builder(split)
            .metrics(metrics)
            .threads(2)
            .protocol(RankingProtocol.sampled(100, NegativeSampling.UNIFORM, 42))
            .build();
    Evaluator sampledPop =
        Evaluator.builder(split)
            .metrics(metrics)
            .threads(2)
            .protocol(RankingProtocol.sampled(100, NegativeSampling.POPULARITY, 42))
            .build();
    List<EvaluationResult> fullResults =
        List.of(
            full.evaluate("Popularity", popularity),
            fullExpected.evaluate("Popularity (expected ties)", popularity),
            full.evaluate("Random", randomScorer));
    List<EvaluationResult> sampledResults =
        List.of(
            sampled.evaluate("Popularity, 100 uniform negatives", popularity),
            sampledPop.evaluate("Popularity, 100 popularity negatives", popularity),
            sampled.evaluate("Random, 100 uniform negatives", randomScorer));
    Path out = Path.of(args[1]);
    for (var entry : Map.of("full", fullResults, "sampled", sampledResults).entrySet()) {
      Report.Builder b =
          Report.builder(split.dataset().name() + " (" + entry.getKey() + " ranking)")
              .metrics(metrics)
              .significance(Metric.ndcg(10))
              .note("command: PopularityBaselineReport " + file);
      entry.getValue().forEach(b::add);
      ReportFiles files = ReportWriter.create().write(b.build(), out.resolve(entry.getKey()));
      for (EvaluationResult r : entry.getValue()) {
        System.out.printf(
            Locale.ROOT, "%-40s %s  (%.0f users/s)%n", r.system(), r.means(), r.usersPerSecond());
      }
      System.out.println("wrote " + files.all());
    }
  }

  /**
   * Reads {@code <user> <item> <item> ...} lines with palr-core's sequence loader, as they are: no
   * k-core filtering (the Beauty file is already 5-core).
   */
  static InteractionDataset readSequences(Path file) {
    try {
      return DatasetLoaders.sequences(file).minCore(0).load().dataset();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A scorer that gives every user the same score row. */
  private static ItemScorer constantRow(double[] scores) {
    float[] row = new float[scores.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) scores[i];
    }
    return new ItemScorer() {
      @Override
      public int numItems() {
        return row.length;
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][];
        java.util.Arrays.fill(out, row); // rows are read-only for the evaluator
        return out;
      }
    };
  }
}
