package io.palr.eval.experiment;

import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.protocol.UserSelection;
import io.palr.text.ItemEmbeddings;
import io.palr.text.OnnxTextEncoder;
import io.palr.text.TextEmbeddingRetriever;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Stage 2b (when text is used): item vectors from the pretrained sentence encoder (cached in the
 * output folder), the text retriever, and the hybrid of SASRec and text whose text weight is chosen
 * on validation users. Sets the run's candidate retriever as configured.
 */
final class TextStage {
  private TextStage() {}

  static boolean needed(ExperimentConfig config) {
    return config.candidates() != CandidateSource.SASREC || config.coldItems() > 0;
  }

  static void run(ExperimentRun run) {
    ExperimentRun.Stage st = run.stage("text retrieval");
    LeaveOneOutSplit split = run.split;
    ItemEmbeddings vectors;
    try (OnnxTextEncoder encoder = OnnxTextEncoder.create()) {
      Path cache =
          run.out.resolve(
              "text-vectors." + encoder.model().name().toLowerCase(Locale.ROOT) + ".emb");
      vectors = ItemEmbeddings.compute(split.catalog().items(), encoder, cache);
    }
    float[] fallback = run.popularity.scoreAll(List.of(new int[0]))[0];
    run.text =
        TextEmbeddingRetriever.builder(split.catalog(), vectors).fallbackScores(fallback).build();
    run.notes.add("Text vectors (" + vectors.modelId() + "): " + vectors.stats().describe());

    int[] users =
        (run.config.tuneUsers() == 0
                ? UserSelection.all()
                : UserSelection.random(run.config.tuneUsers(), run.config.seed() + 2))
            .select(split.numUsers());
    HybridTuning tuning =
        HybridTuning.tune(
            split,
            run.sasrec,
            HybridTuning.trainedOn(run.trainingSplit),
            run.text,
            HybridTuning.GRID,
            users,
            run.config.k());
    run.hybrid = tuning.chosen();
    String summary = tuning.describe();
    run.notes.add("Hybrid retriever: " + summary);
    switch (run.config.candidates()) {
      case TEXT -> run.retriever = run.text;
      case HYBRID -> run.retriever = run.hybrid;
      case SASREC -> run.retriever = run.sasrec;
    }
    run.retrieverRow = run.config.candidates().rowName();
    st.done(vectors.stats().describe() + "; " + summary);
  }
}
