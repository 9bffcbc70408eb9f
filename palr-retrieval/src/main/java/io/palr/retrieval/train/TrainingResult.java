package io.palr.retrieval.train;

import io.palr.api.training.TrainingStop;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of a training run. The model holds the best validated weights when the run returns.
 *
 * @param epochs per-epoch statistics in order
 * @param bestEpoch the epoch whose weights were kept
 * @param bestValidationNdcg validation NDCG@10 of the kept weights
 * @param stoppedEarly whether patience ran out before the epoch bound
 * @param seconds total wall time including validation
 * @param stop why and when the run ended (early stopping, time budget or the epoch bound)
 */
public record TrainingResult(
    List<EpochStats> epochs,
    int bestEpoch,
    double bestValidationNdcg,
    boolean stoppedEarly,
    double seconds,
    TrainingStop stop) {
  /** Defensively copies the epoch list. */
  public TrainingResult {
    epochs = List.copyOf(epochs);
    Objects.requireNonNull(stop, "stop");
  }
}
