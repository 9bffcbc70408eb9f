package io.palr.examples;

import io.palr.api.Recommendation;
import io.palr.core.pipeline.Palr;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainerConfig;
import java.io.PrintStream;
import java.util.stream.IntStream;

/**
 * Example 1: the smallest useful PALR pipeline, all defaults. The embedded synthetic movie data, an
 * ItemKNN retriever fitted on the training part of the leave-one-out split, attribute-keyword
 * profiles, and no LLM: the pipeline returns retriever order with full provenance. Add {@code
 * .ranker(...)} to let an LLM re-rank the candidates.
 */
public final class MinimalPipeline {
  private MinimalPipeline() {}

  /**
   * Prints ten recommendations for the first user.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing to {@code out}; returns the recommendation. */
  static Recommendation run(PrintStream out) {
    InteractionDataset data = SyntheticDataset.generate();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(data);
    try (RetrievalModels.Fitted knn =
        RetrievalModels.fit(ItemKnnConfig.defaults(), split, TrainerConfig.defaults())) {
      var popularity =
          PopularityScorer.fit(
              data.numItems(),
              IntStream.range(0, split.numUsers()).mapToObj(split::train).toList());
      var retriever = new ScorerRetriever("itemknn", knn.scorer(), data.catalog(), popularity);
      try (Palr palr = Palr.builder().retriever(retriever).catalog(data.catalog()).build()) {
        Recommendation rec = palr.recommend(data.history(0), 10);
        out.println(
            "recommendations for " + rec.userId() + " (" + rec.provenance().status() + "):");
        rec.items().forEach(i -> out.printf("%2d. %s%n", i.rank(), i.item().title()));
        return rec;
      }
    }
  }
}
