package io.palr.retrieval.train;

import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingStop;
import io.palr.api.training.Validation;
import io.palr.retrieval.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpointing of the training loop: on every validation that improves on the best, keeps a copy
 * of the weights in memory and, with a run directory, writes them as the {@code checkpoint} there
 * (through {@link Checkpoints#save}, atomically); at the end of the run, puts the best weights back
 * into the model.
 */
final class BestWeights implements TrainingListener {
  private final TrainableModel<?> model;
  private final String fingerprint;
  private final Optional<Path> runDirectory;
  private Map<String, float[]> best;
  private int bestEpoch;

  BestWeights(TrainableModel<?> model, String fingerprint, Optional<Path> runDirectory) {
    this.model = model;
    this.fingerprint = fingerprint;
    this.runDirectory = runDirectory;
  }

  /** The epoch of the kept weights, 0 before any validation. */
  int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onValidation(Validation v) {
    if (!v.improved()) {
      return;
    }
    bestEpoch = v.epoch();
    best = model.parameters().snapshot();
    runDirectory.ifPresent(dir -> Checkpoints.save(model, fingerprint, dir.resolve("checkpoint")));
  }

  @Override
  public void onTrainingEnd(TrainingStop stop) {
    if (best != null) {
      model.parameters().restore(best);
    }
  }
}
