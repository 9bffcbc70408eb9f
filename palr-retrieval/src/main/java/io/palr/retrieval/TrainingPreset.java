package io.palr.retrieval;

import io.palr.retrieval.model.Gru4RecConfig;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A named pair of model hyper-parameters and trainer settings: the settings of one row of the
 * retrieval quality table in docs/benchmarks.md, used alike by {@code palr train --preset NAME} and
 * by the quality benchmark, so that both train the same way. Names are {@code MODEL-DATASET}, e.g.
 * {@code sasrec-beauty} (the SASRec paper's Beauty settings) or {@code bpr-ml100k}.
 *
 * <p>Every preset validates on all users (a sample makes early stopping follow its noise), trains
 * with Adam at the paper's learning rate 0.001 and seed 42. Sequence models (SASRec, GRU4Rec) take
 * batches of 128 users for up to 200 epochs, validate every 4 epochs and stop after 16 without
 * improvement; pointwise models (BPR-MF, NCF, Caser) take batches of 1,024 interactions for up to
 * 50 epochs, validate every 2 and stop after 6.
 *
 * @param name the preset's name
 * @param description one line for people
 * @param model the model's hyper-parameters
 * @param trainer the trainer settings (ignored by pop and itemknn)
 */
public record TrainingPreset(
    String name, String description, ModelConfig model, TrainerConfig trainer) {
  /** The data sets with presets: Amazon Beauty and MovieLens-100K (5-core). */
  public static final List<String> DATASETS = List.of("beauty", "ml100k");

  /** Checks the values. */
  public TrainingPreset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trainer, "trainer");
  }

  /** The model type. */
  public ModelType type() {
    return model.type();
  }

  /** Every preset: each model type on each data set of {@link #DATASETS}. */
  public static List<TrainingPreset> all() {
    List<TrainingPreset> out = new ArrayList<>();
    for (String d : DATASETS) {
      for (ModelType t : ModelType.values()) {
        out.add(of(d, t));
      }
    }
    return out;
  }

  /** The preset with this name, if any. */
  public static Optional<TrainingPreset> named(String name) {
    return all().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The preset of one row of the quality table.
   *
   * @param dataset {@code beauty} or {@code ml100k}
   * @param type the model
   * @throws IllegalArgumentException for another data set
   */
  public static TrainingPreset of(String dataset, ModelType type) {
    if (!DATASETS.contains(dataset)) {
      throw new IllegalArgumentException(
          "no presets for data set '" + dataset + "'; known: " + String.join(", ", DATASETS));
    }
    boolean dense = dataset.equals("ml100k");
    ModelConfig model =
        switch (type) {
          case SASREC ->
              dense ? new SasRecConfig(200, 50, 2, 1, 0.2f, 0f) : SasRecConfig.defaults();
          case GRU4REC -> dense ? new Gru4RecConfig(200, 64, 0.2f) : Gru4RecConfig.defaults();
          default -> type.defaultConfig();
        };
    boolean sequence = type == ModelType.SASREC || type == ModelType.GRU4REC;
    TrainerConfig trainer =
        TrainerConfig.defaults()
            .withMaxEpochs(sequence ? 200 : 50)
            .withBatchSize(sequence ? 128 : 1024)
            .withEarlyStopping(sequence ? 16 : 6, sequence ? 4 : 2)
            .withValidationUsers(0);
    String what =
        switch (type) {
          case SASREC ->
              dense
                  ? "the SASRec paper's dense-data settings (max length 200, dropout 0.2)"
                  : "the SASRec paper's Beauty settings (max length 50, dropout 0.5)";
          case GRU4REC -> dense ? "max length 200, dropout 0.2" : "the defaults";
          default -> "the defaults";
        };
    String name = type.id() + "-" + dataset;
    String description =
        String.format(
            Locale.ROOT,
            "%s on %s: %s%s",
            type.id(),
            dense ? "MovieLens-100K" : "Amazon Beauty",
            what,
            type.neural()
                ? String.format(
                    Locale.ROOT,
                    "; batch %d, up to %d epochs, validation on all users every %d epochs,"
                        + " patience %d epochs",
                    trainer.batchSize(),
                    trainer.maxEpochs(),
                    trainer.evalEvery(),
                    trainer.patience())
                : "");
    return new TrainingPreset(name, description, model, trainer);
  }
}
