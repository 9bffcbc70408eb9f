package io.palr.eval.experiment;

import io.palr.api.training.TrainingDivergedException;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stage 2: train SASRec on the training split (cold items excluded in the item-cold-start
 * protocol); it is the candidate retriever unless text is asked for.
 */
final class SasRecStage {
  private SasRecStage() {}

  /** Trains SASRec and sets the run's retriever; the caller closes the returned model. */
  static RetrievalModels.Fitted run(ExperimentRun run) {
    ExperimentRun.Stage st = run.stage("SASRec training");
    LeaveOneOutSplit split = run.trainingSplit;
    run.sasrecDir = run.out.resolve("sasrec");
    TrainerConfig trainer =
        TrainerConfig.defaults()
            .withMaxEpochs(run.config.sasrecEpochs())
            .withSeed(run.config.seed())
            .withProgressBar(true)
            .withRunDirectory(run.sasrecDir)
            .withValidationUsers(Math.min(1000, split.numUsers()))
            .withMaxSeconds(run.config.sasrecMaxSeconds());
    List<int[]> trainSeqs = new ArrayList<>();
    for (int u = 0; u < split.numUsers(); u++) {
      trainSeqs.add(split.train(u));
    }
    RetrievalModels.Fitted sasrec = fit(run, trainer);
    String summary =
        sasrec
            .training()
            .map(
                t ->
                    String.format(
                        Locale.ROOT,
                        "%d epochs, best epoch %d, validation NDCG@10 %.4f",
                        t.epochs().size(),
                        t.bestEpoch(),
                        t.bestValidationNdcg()))
            .orElse("");
    st.done(summary);
    run.notes.add("SASRec: " + summary + " (early stopping on the validation split)");
    run.popularity = PopularityScorer.fit(split.catalog().size(), trainSeqs);
    run.sasrec = new ScorerRetriever("sasrec", sasrec.scorer(), split.catalog(), run.popularity);
    run.retriever = run.sasrec;
    return sasrec;
  }

  /**
   * Trains SASRec; if its loss becomes non-finite (seen on this engine with the default learning
   * rate on some data sets), retries from scratch with half the learning rate, at most twice, and
   * notes it.
   */
  private static RetrievalModels.Fitted fit(ExperimentRun run, TrainerConfig trainer) {
    TrainerConfig t = trainer;
    for (int attempt = 0; ; attempt++) {
      try {
        return RetrievalModels.fit(RetrievalModels.defaults("sasrec"), run.trainingSplit, t);
      } catch (TrainingDivergedException e) {
        if (attempt >= 2) {
          throw e;
        }
        String line =
            "SASRec diverged ("
                + e.getMessage()
                + ") with learning rate "
                + t.learningRate()
                + "; retrained from scratch with "
                + t.learningRate() / 2;
        run.listener.message(line);
        run.notes.add(line);
        t = t.withLearningRate(t.learningRate() / 2);
      }
    }
  }
}
