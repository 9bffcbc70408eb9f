package io.palr.retrieval.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the shared training loop.
 *
 * @param maxEpochs upper bound on epochs
 * @param batchSize sampling units per mini-batch
 * @param learningRate Adam learning rate
 * @param patience stop at the first validation this many epochs after the best one (the epochs
 *     without improvement of validation NDCG@10)
 * @param evalEvery validate every this many epochs (and after the last)
 * @param validationUsers users sampled (seeded) for the validation NDCG@10; 0 or more than the
 *     split = all
 * @param seed seed of initialisation, shuffling, negative sampling and dropout
 * @param progressBar whether to draw a console progress bar on stderr
 * @param runDirectory where to write {@code loss.csv} and the best checkpoint; empty = write
 *     nothing
 * @param maxSeconds wall-time budget: no new epoch starts once training has run this long (0 =
 *     unbounded)
 */
public record TrainerConfig(
    int maxEpochs,
    int batchSize,
    float learningRate,
    int patience,
    int evalEvery,
    int validationUsers,
    long seed,
    boolean progressBar,
    Optional<Path> runDirectory,
    long maxSeconds) {

  /** Validates the values. */
  public TrainerConfig {
    if (maxEpochs < 1 || batchSize < 1 || patience < 1 || evalEvery < 1 || validationUsers < 0) {
      throw new IllegalArgumentException(
          "maxEpochs, batchSize, patience, evalEvery must be >= 1 and " + "validationUsers >= 0");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be > 0: " + learningRate);
    }
    java.util.Objects.requireNonNull(runDirectory, "runDirectory");
    if (maxSeconds < 0) {
      throw new IllegalArgumentException("maxSeconds must be >= 0: " + maxSeconds);
    }
  }

  /**
   * Settings without a wall-time budget (kept for callers written before {@code maxSeconds}
   * existed).
   */
  public TrainerConfig(
      int maxEpochs,
      int batchSize,
      float learningRate,
      int patience,
      int evalEvery,
      int validationUsers,
      long seed,
      boolean progressBar,
      Optional<Path> runDirectory) {
    this(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        runDirectory,
        0L);
  }

  /**
   * Defaults: 200 epochs, batch 128, lr 1e-3, validation on all users every 2 epochs, stop after 10
   * epochs without improvement, seed 42.
   *
   * <p>Validation uses every user because early stopping on a sample follows the sample's noise: on
   * Amazon Beauty, 2,000 sampled users stopped SASRec after 40 epochs (best 24) at 90% of the
   * paper's sampled HR@10, all users after 136 (best 120) at 101% (docs/benchmarks.md).
   */
  public static TrainerConfig defaults() {
    return new TrainerConfig(200, 128, 1e-3f, 10, 2, 0, 42L, false, Optional.empty(), 0L);
  }

  /** A copy with another epoch bound. */
  public TrainerConfig withMaxEpochs(int v) {
    return new TrainerConfig(
        v,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        runDirectory,
        maxSeconds);
  }

  /** A copy with another batch size. */
  public TrainerConfig withBatchSize(int v) {
    return new TrainerConfig(
        maxEpochs,
        v,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        runDirectory,
        maxSeconds);
  }

  /** A copy with another learning rate. */
  public TrainerConfig withLearningRate(float v) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        v,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        runDirectory,
        maxSeconds);
  }

  /** A copy with another patience (in epochs) and validation period (in epochs). */
  public TrainerConfig withEarlyStopping(int patience, int evalEvery) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        runDirectory,
        maxSeconds);
  }

  /** A copy with another validation sample size. */
  public TrainerConfig withValidationUsers(int v) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        v,
        seed,
        progressBar,
        runDirectory,
        maxSeconds);
  }

  /** A copy with another seed. */
  public TrainerConfig withSeed(long v) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        v,
        progressBar,
        runDirectory,
        maxSeconds);
  }

  /** A copy with the progress bar on or off. */
  public TrainerConfig withProgressBar(boolean v) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        v,
        runDirectory,
        maxSeconds);
  }

  /** A copy with a wall-time budget in seconds (0 = unbounded). */
  public TrainerConfig withMaxSeconds(long v) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        runDirectory,
        v);
  }

  /** A copy writing its loss CSV and best checkpoint under {@code dir} (null = nowhere). */
  public TrainerConfig withRunDirectory(Path dir) {
    return new TrainerConfig(
        maxEpochs,
        batchSize,
        learningRate,
        patience,
        evalEvery,
        validationUsers,
        seed,
        progressBar,
        Optional.ofNullable(dir),
        maxSeconds);
  }
}
