package io.palr.eval.experiment;

import io.palr.core.instruct.InstructionDataGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.io.output.AtomicOutput;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.engine.EngineSettings;
import io.palr.llm.load.LoadOptions;
import io.palr.retrieval.RetrievalModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The whole PALR method, end to end, on one data set:
 *
 * <ol>
 *   <li>load the data and split it leave-one-out (last item test, second-to-last validation);
 *   <li>train SASRec on the training items (early stopping on validation NDCG@10), the candidate
 *       retriever;
 *   <li>build Recommend (v1) and Recommend_Retrieval (v2) instruction examples from the
 *       <em>training</em> items only ({@link InstructionDataGenerator}; label = the user's next
 *       training items, no k-hop enrichment, so the labels are always the user's own training
 *       items);
 *   <li>fine-tune one LLaMA-architecture model (from scratch with a word-level tokenizer, or from a
 *       pretrained Hugging Face folder; full fine-tuning) on both tasks together; PALR-v1 and
 *       PALR-v2 are the same weights prompted with their own task;
 *   <li>choose the weight of PALR-v2's likelihood scores fused with SASRec's ({@link FusionTuning})
 *       on a seeded sample of <em>validation</em> users (history = training items, target =
 *       validation item);
 *   <li>evaluate on the test split, for a seeded sample of users: SASRec (its own top-k), PALR-v1
 *       (Recommend prompt, generated titles restricted to SASRec's top-50 by the output parser) and
 *       PALR-v2 (Recommend_Retrieval prompt over SASRec's top-50) with each configured ranker mode,
 *       plus the fused likelihood ranker; and the chance level of a random order of the candidates
 *       ({@link CandidateRecall});
 *   <li>write a report folder (Markdown, CSV, JSON, PNG charts incl. both loss curves) and a
 *       showcase of users.
 * </ol>
 *
 * <p>Everything is seeded: the same configuration gives the same numbers (up to floating-point
 * non-determinism of the native engine's multi-threaded kernels). Nothing reads validation or test
 * items except SASRec's early stopping and the choice of the fusion weight (validation) and the
 * final evaluation (test).
 *
 * <p>Each step is a small stage class ({@code DataStage}, {@code SasRecStage}, {@code
 * InstructionStage}, {@code FineTuneStage}, {@code RankerStage}, {@code EvaluationStage}, {@code
 * ReportStage}) that reads and fills one run context ({@code ExperimentRun}: settings, split,
 * retriever, model folders, notes, timing).
 */
public final class PalrExperiment {
  /** The name of the SASRec row. */
  public static final String SASREC = "SASRec";

  /** The name of the PALR-v1 row. */
  public static final String PALR_V1 = "PALR-v1";

  /**
   * The name of the row of PALR-v2 likelihood scores fused with SASRec's, the weight chosen on
   * validation.
   */
  public static final String PALR_V2_FUSED = "PALR-v2 (fused)";

  private final ExperimentConfig config;

  /** An experiment with the given settings. */
  public PalrExperiment(ExperimentConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The settings. */
  public ExperimentConfig config() {
    return config;
  }

  /** The row name of PALR-v2 with a ranker mode, e.g. "PALR-v2 (likelihood)". */
  public static String v2Name(RankerKind kind) {
    return "PALR-v2 (" + kind.name().toLowerCase(Locale.ROOT) + ")";
  }

  /**
   * Runs the experiment.
   *
   * @param listener progress callbacks
   * @return the table, showcase and report files
   * @throws IOException if data cannot be read or outputs cannot be written
   */
  public ExperimentResult run(ExperimentListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    // the output folder is written as a whole: an interrupted or failed run leaves the last one
    try (AtomicOutput staged = AtomicOutput.folder(config.outputDir())) {
      ExperimentResult r = runIn(staged.staging(), listener);
      staged.commit();
      if (staged.nested()) {
        return r;
      }
      return new ExperimentResult(
          r.config(),
          r.dataset(),
          r.rows(),
          r.showcase(),
          r.notes(),
          r.report().movedTo(config.outputDir().resolve("report")),
          r.stageSeconds(),
          r.wallSeconds(),
          r.cpuSeconds(),
          r.coldStart());
    }
  }

  private ExperimentResult runIn(Path out, ExperimentListener listener) throws IOException {
    EngineSettings.configure();
    ExperimentRun run = new ExperimentRun(config, listener, out);
    Files.createDirectories(run.out);
    DataStage.run(run);
    try (RetrievalModels.Fitted sasrec = SasRecStage.run(run)) {
      if (TextStage.needed(config)) {
        TextStage.run(run);
      }
      InstructionStage.Prepared prepared = InstructionStage.run(run);
      FineTuneStage.run(run, prepared);
      try (LlamaLanguageModel lm =
          LlamaLanguageModel.open(run.llmDir, null, LoadOptions.defaults())) {
        PalrPromptTemplate inference =
            run.template(lm::countTokens, prepared.context() - config.responseReserve());
        RankerStage.Rankers systems = RankerStage.run(run, lm, inference);
        EvaluationStage.Evaluated evaluated = EvaluationStage.run(run, systems);
        ColdStartTable cold = run.cold == null ? null : ColdStartStage.run(run, systems);
        return ReportStage.run(run, systems, evaluated, cold);
      }
    }
  }
}
