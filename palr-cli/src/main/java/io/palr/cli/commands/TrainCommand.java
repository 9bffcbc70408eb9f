package io.palr.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.palr.cli.options.DataOptions;
import io.palr.cli.options.ModelOptions;
import io.palr.cli.support.ModelDirectory;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.UserSelection;
import io.palr.io.output.AtomicOutput;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.train.TrainerConfig;
import io.palr.retrieval.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palr train}: trains (neural models) or fits (pop, itemknn) a retriever on the training
 * part of the leave-one-out split, with a progress bar, and writes a model folder: {@code
 * model.json}, the best checkpoint, {@code loss.csv} and {@code loss.png}, {@code training.json},
 * {@code resolved-config.json}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a retriever (sasrec, bpr, ncf, gru4rec, caser, pop, itemknn) and save it.",
    footer = {
      "",
      "Examples:",
      "  palr train --synthetic --model sasrec --epochs 20 -o runs/sasrec",
      "  palr train --data data/ml-1m.palrds --model sasrec -P maxLength=200 -P dropout=0.2 -o runs/ml1m-sasrec",
      "  palr train --data data/beauty.palrds --preset sasrec-beauty -o runs/beauty-sasrec",
      "  palr train --model caser --list-params",
      "  palr train --list-presets"
    })
public final class TrainCommand extends PalrCommand {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin DataOptions data;

  @Mixin ModelOptions model;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Model folder to write.")
  Path output;

  @Option(
      names = "--list-params",
      description = "List the model's hyper-parameters with their defaults and exit.")
  boolean listParams;

  @Option(names = "--list-presets", description = "List the named presets and exit.")
  boolean listPresets;

  /** Creates the command; picocli fills the fields. */
  public TrainCommand() {}

  @Override
  protected int execute() throws Exception {
    if (listPresets) {
      out().println("presets (use with --preset NAME; options given explicitly win):");
      ModelOptions.describePresets().forEach(p -> out().println("  " + p));
      return 0;
    }
    ModelType type = model.type();
    if (listParams) {
      out().println(type.id() + " hyper-parameters (set with -P NAME=VALUE):");
      ModelOptions.describeDefaults(type).forEach(p -> out().println("  " + p));
      return 0;
    }
    if (output == null) {
      throw new io.palr.cli.support.UsageException("missing --output DIR");
    }
    ModelConfig config = model.config();
    DataOptions.Loaded loaded = data.load();
    LeaveOneOutSplit split = loaded.split();
    try (AtomicOutput staged = stageFolder(output, data.inputs())) {
      Path dir = staged.staging();
      TrainerConfig trainer = model.trainer().withRunDirectory(dir);
      out()
          .printf(
              Locale.ROOT,
              "training %s on %s: %,d users, %,d items%n",
              type.id(),
              loaded.dataset().name(),
              split.numUsers(),
              split.numItems());
      out().flush();
      writeResolvedConfig(dir);
      try (RetrievalModels.Fitted fitted = RetrievalModels.fit(config, split, trainer)) {
        ModelDirectory.writeDescriptor(dir, config, split);
        if (fitted.training().isPresent()) {
          TrainingResult r = fitted.training().get();
          Files.write(dir.resolve("training.json"), JSON.writeValueAsBytes(r));
          out()
              .printf(
                  Locale.ROOT,
                  "trained %d epochs in %.1f s; best epoch %d, validation NDCG@10 %.4f%n",
                  r.epochs().size(),
                  r.seconds(),
                  r.bestEpoch(),
                  r.bestValidationNdcg());
          out()
              .println(
                  r.stop().early()
                      ? String.format(
                          Locale.ROOT,
                          "stopped early after epoch %d of %d: %s",
                          r.epochs().size(),
                          trainer.maxEpochs(),
                          r.stop().detail())
                      : "ran all " + trainer.maxEpochs() + " epochs (no early stop)");
          LossChart.write(dir.resolve("loss.csv"), dir.resolve("loss.png"), type.id())
              .ifPresent(p -> out().println("wrote " + output.resolve(p.getFileName())));
        }
        EvaluationResult val =
            Evaluator.builder(split)
                .mode(EvaluationMode.VALIDATION)
                .metrics(Metric.hr(10), Metric.ndcg(10))
                .users(
                    trainer.validationUsers() == 0
                        ? UserSelection.all()
                        : UserSelection.random(trainer.validationUsers(), trainer.seed()))
                .build()
                .evaluate(type.id(), fitted.scorer());
        out()
            .printf(
                Locale.ROOT,
                "validation (full ranking, %d users): HR@10 %.4f  NDCG@10 %.4f%n",
                val.numUsers(),
                val.mean(Metric.hr(10)),
                val.mean(Metric.ndcg(10)));
      }
      staged.commit(written -> ModelDirectory.verify(written, split));
    }
    out().println("wrote model to " + output);
    return 0;
  }
}
