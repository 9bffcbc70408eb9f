package io.palr.eval.experiment;

import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingStep;
import io.palr.api.training.Validation;
import io.palr.llm.finetune.FineTuneConfig;
import io.palr.llm.finetune.FineTuneResult;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.finetune.SftTrainer;
import io.palr.llm.finetune.TruncationPolicy;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Stage 4: full fine-tuning of one model on both instruction tasks; the model is saved in the run's
 * LLM folder. Closes the model and the tokenizer it is given.
 */
final class FineTuneStage {
  private FineTuneStage() {}

  static void run(ExperimentRun run, InstructionStage.Prepared in) throws IOException {
    ExperimentConfig config = run.config;
    ExperimentRun.Stage st = run.stage("LLM fine-tuning");
    Tokenizer tokenizer = in.tokenizer();
    LlamaModel model = in.pretrained();
    FineTuneResult ft;
    try {
      if (model == null) {
        model =
            ScratchModels.random(
                ScratchModels.demoConfig(tokenizer.vocabSize(), in.context()), config.seed(), null);
      }
      int stepsPerEpoch = (in.train().size() + config.llmBatchSize() - 1) / config.llmBatchSize();
      int totalSteps = stepsPerEpoch * config.llmEpochs();
      FineTuneConfig ftc =
          FineTuneConfig.builder()
              .full()
              .learningRate(config.llmLearningRate())
              .warmupSteps(Math.max(1, Math.min(50, totalSteps / 10)))
              .batchSize(config.llmBatchSize())
              .epochs(config.llmEpochs())
              .maxSequenceLength(in.context() + 1)
              .truncation(TruncationPolicy.TRUNCATE_PROMPT_LEFT)
              .evalEverySteps(Math.max(1, totalSteps / 4))
              .logEverySteps(1)
              .seed(config.seed())
              .baseModel(config.llm().pretrained().map(Path::toString).orElse("scratch:demoConfig"))
              .build();
      try (SftTrainer sft = new SftTrainer(model, tokenizer, ftc)) {
        ft =
            sft.train(
                in.train(),
                in.heldOut(),
                run.llmDir,
                new FineTuneProgress(run.listener, "LLM fine-tuning"));
      }
    } finally {
      if (model != null) {
        model.close();
      }
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%d steps (%.1f epochs), train loss %.3f -> %.3f, held-out loss %.3f -> %.3f, %d truncated, %d skipped,"
                + " %.0f tokens/s",
            ft.steps(),
            ft.epochs(),
            ft.initialTrainLoss(),
            ft.finalTrainLoss(),
            ft.initialEvalLoss(),
            ft.finalEvalLoss(),
            ft.truncatedExamples(),
            ft.skippedExamples(),
            ft.tokensPerSecond());
    st.done(summary);
    run.notes.add(
        "Fine-tuning (" + config.llm().name() + ", full, one model on both tasks): " + summary);
    tokenizer.close();
  }

  /** Forwards fine-tuning steps to the experiment listener. */
  private static final class FineTuneProgress implements TrainingListener {
    private final ExperimentListener listener;
    private final String stage;
    private long tokens;

    FineTuneProgress(ExperimentListener listener, String stage) {
      this.listener = listener;
      this.stage = stage;
    }

    @Override
    public void onStep(TrainingStep p) {
      tokens += p.units();
      listener.progress(
          stage,
          p.step(),
          p.plannedSteps(),
          String.format(
              Locale.ROOT,
              "loss %.4f %.0f tok/s",
              p.loss(),
              tokens / Math.max(1e-9, p.elapsedSeconds())));
    }

    @Override
    public void onValidation(Validation v) {
      listener.message(
          String.format(Locale.ROOT, "step %d: held-out loss %.4f", v.step(), v.value()));
    }
  }
}
