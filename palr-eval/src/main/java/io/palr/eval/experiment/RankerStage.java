package io.palr.eval.experiment;

import io.palr.api.LlmRanker;
import io.palr.core.parse.OutputParser;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.GenerativeRanker;
import io.palr.core.rank.LikelihoodRanker;
import io.palr.core.rank.RankerKind;
import io.palr.core.rank.RecommendTaskRanker;
import io.palr.core.rank.RetrieverPrior;
import io.palr.data.Catalog;
import io.palr.eval.protocol.UserSelection;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.decode.NoRepeatNgramProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 5: the rankers of the table over the fine-tuned model (PALR-v1 and PALR-v2 in each
 * configured mode), and the fusion weight of PALR-v2 (fused), chosen on validation users.
 */
final class RankerStage {
  private RankerStage() {}

  /**
   * The systems to evaluate besides the retriever.
   *
   * @param rankers by row name, in table order
   * @param modes the ranker column of each row, the retriever's row included
   * @param tuning the fusion weight choice, or null when no fused row is configured
   */
  record Rankers(Map<String, LlmRanker> rankers, Map<String, String> modes, FusionTuning tuning) {}

  static Rankers run(ExperimentRun run, LlamaLanguageModel lm, PalrPromptTemplate template) {
    ExperimentConfig config = run.config;
    Catalog catalog = run.split.catalog();
    int k = config.k();
    OutputParser parser = OutputParser.builder().catalog(catalog).build();
    int maxTokens = Math.min(1024, Math.max(16, config.responseReserve()));

    Map<String, LlmRanker> rankers = new LinkedHashMap<>();
    Map<String, String> modes = new LinkedHashMap<>();
    modes.put(run.retrieverRow, "retriever order");
    if (config.palrV1()) {
      rankers.put(PalrExperiment.PALR_V1, new RecommendTaskRanker(lm, template, parser, maxTokens));
      modes.put(PalrExperiment.PALR_V1, "generative + parsing");
    }
    if (config.palrV1() && config.v1NoRepeatNgram() > 0) {
      String name = PalrExperiment.PALR_V1 + " (no-repeat " + config.v1NoRepeatNgram() + ")";
      rankers.put(
          name,
          new RecommendTaskRanker(
              lm.withLogitProcessors(List.of(new NoRepeatNgramProcessor(config.v1NoRepeatNgram()))),
              template,
              parser,
              maxTokens));
      modes.put(name, "generative, no repeated " + config.v1NoRepeatNgram() + "-gram");
    }
    FusionTuning tuning = null;
    // the LLM-only and the fused likelihood rankers share one scoring pass per evaluated user
    MemoizedScoring scoring = new MemoizedScoring(lm);
    for (RankerKind kind : config.v2Rankers()) {
      LlmRanker r =
          switch (kind) {
            case GENERATIVE -> GenerativeRanker.builder(lm, template).parser(parser).build();
            case CONSTRAINED -> kind.create(lm, template);
            case LIKELIHOOD ->
                new LikelihoodRanker(scoring, template, LikelihoodRanker.Normalization.PER_TOKEN);
          };
      String name = PalrExperiment.v2Name(kind);
      rankers.put(name, r);
      modes.put(
          name,
          switch (kind) {
            case GENERATIVE -> "generative + parsing";
            case CONSTRAINED -> "constrained decoding";
            case LIKELIHOOD -> "likelihood (LLM only)";
          });
      if (kind == RankerKind.LIKELIHOOD && !config.fusionGrid().isEmpty()) {
        ExperimentRun.Stage st = run.stage("fusion weight (validation)");
        UserSelection tuneUsers =
            config.tuneUsers() == 0
                ? UserSelection.all()
                : UserSelection.random(config.tuneUsers(), config.seed() + 1);
        tuning =
            FusionTuning.tune(
                run.split,
                run.retriever,
                (LikelihoodRanker) r,
                run.profiles,
                config.fusionGrid(),
                RetrieverPrior.SCORE,
                tuneUsers.select(run.split.numUsers()),
                config.numCandidates(),
                k);
        st.done(tuning.describe(k));
        run.notes.add(tuning.describe(k));
        rankers.put(
            PalrExperiment.PALR_V2_FUSED, ((LikelihoodRanker) r).withFusion(tuning.chosen()));
        modes.put(
            PalrExperiment.PALR_V2_FUSED,
            "LLM + " + run.retrieverRow + ", lambda=" + tuning.chosen().weightText() + " (val.)");
      }
    }
    return new Rankers(rankers, modes, tuning);
  }
}
