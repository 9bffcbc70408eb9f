package io.palr.retrieval.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.palr.data.LeaveOneOutSplit;
import io.palr.retrieval.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop of every neural retriever: seeded mini-batch Adam over batches built on a
 * producer thread, one {@link NDManager} scope per step (no native memory survives a step except
 * the weights and the optimizer state), validation NDCG@10 (full ranking, seeded user sample) every
 * few epochs with early stopping, the best weights restored at the end, a {@code loss.csv} and an
 * atomically written best checkpoint in the run directory.
 *
 * <p>Only one training run may be active per JVM at a time (one gradient collector per engine).
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final int VALIDATION_K = 10;
  private static final int MAX_SKIPPED_STEPS = 50;

  private final TrainerConfig config;

  /** A trainer with the given settings. */
  public Trainer(TrainerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The settings. */
  public TrainerConfig config() {
    return config;
  }

  /**
   * Trains {@code model} on the training part of {@code split}, validating on the validation items.
   *
   * @param model a freshly initialised (or partly trained) model over the split's catalogue
   * @param split the leave-one-out split
   * @return per-epoch figures; the model holds the best validated weights
   */
  public <B extends Batch> TrainingResult fit(TrainableModel<B> model, LeaveOneOutSplit split) {
    if (model.numItems() != split.numItems()) {
      throw new IllegalArgumentException(
          "model scores " + model.numItems() + " items, split has " + split.numItems());
    }
    long t0 = System.nanoTime();
    String name = model.config().type().id();
    Engine.getInstance().setRandomSeed((int) config.seed());
    TrainingData data = TrainingData.of(split);
    BatchSampler<B> sampler = model.sampler(data);
    int[] valUsers =
        RankingMetrics.sampleUsers(
            split.numUsers(), config.validationUsers(), config.seed() ^ 0x5EED);
    List<int[]> valHistories = new ArrayList<>(valUsers.length);
    int[] valTargets = new int[valUsers.length];
    for (int i = 0; i < valUsers.length; i++) {
      valHistories.add(split.train(valUsers[i]));
      valTargets[i] = split.validationItem(valUsers[i]);
    }
    Adam adam =
        Adam.builder()
            .optLearningRateTracker(Tracker.fixed(config.learningRate()))
            .optBeta1(0.9f)
            .optBeta2(0.98f)
            .optEpsilon(1e-8f)
            .build();
    Random rng = new Random(config.seed());
    Path runDir = config.runDirectory().orElse(null);
    String fingerprint = split.dataset().fingerprint();

    List<EpochStats> epochs = new ArrayList<>();
    Map<String, float[]> best = null;
    int bestEpoch = 0;
    double bestNdcg = -1;
    int badChecks = 0;
    boolean stoppedEarly = false;
    long step = 0;
    int skipped = 0;
    int batches = BatchProducer.batches(sampler.epochSize(), config.batchSize());
    LOG.info(
        "training {} ({} weights) on '{}': {} users, {} items, {} batches/epoch, up to {} epochs",
        name,
        model.parameters().size(),
        split.dataset().name(),
        split.numUsers(),
        split.numItems(),
        batches,
        config.maxEpochs());
    try (LossLog lossLog = runDir == null ? null : new LossLog(runDir.resolve("loss.csv"))) {
      for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
        long e0 = System.nanoTime();
        double lossSum = 0;
        long samples = 0;
        int steps = 0;
        ProgressBar bar =
            config.progressBar()
                ? new ProgressBar(
                    System.err,
                    String.format("%s epoch %d/%d", name, epoch, config.maxEpochs()),
                    batches)
                : null;
        try (BatchProducer<B> producer =
            new BatchProducer<>(sampler, config.batchSize(), new Random(rng.nextLong()))) {
          while (producer.hasNext()) {
            B batch = producer.next();
            float loss = step(model, batch, adam);
            if (!Float.isFinite(loss)) {
              skipped++;
              LOG.warn(
                  "{}: non-finite loss or gradient at epoch {} step {}; step skipped ({} so far)",
                  name,
                  epoch,
                  steps,
                  skipped);
              if (skipped > MAX_SKIPPED_STEPS) {
                throw new IllegalStateException(
                    name
                        + ": more than "
                        + MAX_SKIPPED_STEPS
                        + " non-finite steps (lower the learning rate)");
              }
              continue;
            }
            lossSum += loss;
            samples += batch.size();
            steps++;
            step++;
            if (lossLog != null) {
              lossLog.row(epoch, step, loss, config.learningRate());
            }
            if (bar != null) {
              bar.update(steps, samples, lossSum / steps);
            }
          }
        }
        double secs = (System.nanoTime() - e0) / 1e9;
        double ndcg = Double.NaN;
        boolean outOfTime =
            config.maxSeconds() > 0 && (System.nanoTime() - t0) / 1e9 >= config.maxSeconds();
        boolean last = epoch == config.maxEpochs() || outOfTime;
        if (epoch % config.evalEvery() == 0 || last) {
          ndcg =
              RankingMetrics.fullRanking(model, valHistories, valTargets, VALIDATION_K, 256).ndcg();
          if (ndcg > bestNdcg) {
            bestNdcg = ndcg;
            bestEpoch = epoch;
            best = model.parameters().snapshot();
            badChecks = 0;
            if (runDir != null) {
              Checkpoints.save(model, fingerprint, runDir.resolve("checkpoint"));
            }
          } else {
            badChecks++;
          }
        }
        EpochStats stats =
            new EpochStats(
                epoch,
                lossSum / Math.max(1, steps),
                secs,
                ndcg,
                ProcessMemory.peakRssMb(),
                ProcessMemory.rssMb(),
                model.parameters().managedArrayCount(),
                Runtime.getRuntime().totalMemory() >> 20);
        epochs.add(stats);
        LOG.info(
            "{} epoch {}: loss {} in {}s ({} samples/s), val NDCG@10 {}, RSS {} MiB (peak {})",
            name,
            epoch,
            String.format("%.4f", stats.meanLoss()),
            String.format("%.1f", secs),
            String.format("%.0f", samples / Math.max(1e-9, secs)),
            Double.isNaN(ndcg) ? "-" : String.format("%.4f", ndcg),
            stats.rssMb(),
            stats.peakRssMb());
        if (outOfTime && epoch < config.maxEpochs()) {
          LOG.info(
              "{}: time budget of {}s used, stopping after epoch {} (best epoch {}, NDCG@10 {})",
              name,
              config.maxSeconds(),
              epoch,
              bestEpoch,
              String.format("%.4f", bestNdcg));
          break;
        }
        if (badChecks >= config.patience()) {
          stoppedEarly = epoch < config.maxEpochs();
          LOG.info(
              "{}: no improvement in {} validations, stopping after epoch {} (best epoch {}, NDCG@10 {})",
              name,
              badChecks,
              epoch,
              bestEpoch,
              String.format("%.4f", bestNdcg));
          break;
        }
      }
    }
    if (best != null) {
      model.parameters().restore(best);
    }
    model.parameters().releaseNonParameters();
    return new TrainingResult(
        epochs, bestEpoch, bestNdcg, stoppedEarly, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * One optimisation step in its own manager scope; returns the batch loss, or NaN when the loss or
   * a gradient was not finite, in which case the gradients are cleared and the weights left
   * untouched.
   */
  private static <B extends Batch> float step(TrainableModel<B> model, B batch, Adam adam) {
    float value;
    Map<String, NDArray> params = model.parameters().all();
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = model.loss(scope, batch);
        value = loss.getFloat();
        if (Float.isFinite(value)) {
          collector.backward(loss);
        }
      }
      Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
      NDArray sumSquares = scope.zeros(new ai.djl.ndarray.types.Shape());
      for (Map.Entry<String, NDArray> p : params.entrySet()) {
        NDArray grad = p.getValue().getGradient();
        grad.attach(scope);
        grads.put(p.getKey(), grad);
        sumSquares = sumSquares.add(grad.square().sum());
      }
      if (!Float.isFinite(value) || !Float.isFinite(sumSquares.getFloat())) {
        for (NDArray g : grads.values()) {
          g.set(new float[Math.toIntExact(g.getShape().size())]);
        }
        return Float.NaN;
      }
      for (Map.Entry<String, NDArray> g : grads.entrySet()) {
        adam.update(g.getKey(), params.get(g.getKey()), g.getValue());
      }
    }
    return value;
  }
}
