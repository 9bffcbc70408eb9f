package io.palr.retrieval.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.palr.api.training.DivergenceCheck;
import io.palr.api.training.EarlyStopping;
import io.palr.api.training.EpochEnd;
import io.palr.api.training.StopReason;
import io.palr.api.training.TimeBudget;
import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingListeners;
import io.palr.api.training.TrainingPlan;
import io.palr.api.training.TrainingStep;
import io.palr.api.training.TrainingStop;
import io.palr.data.LeaveOneOutSplit;
import java.time.Duration;
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
 * the weights and the optimizer state), and validation NDCG@10 (full ranking, seeded user sample)
 * every few epochs and after the last. Everything else is a {@link TrainingListener} built from the
 * {@link TrainerConfig}: {@link EarlyStopping}, the {@link TimeBudget}, the {@link DivergenceCheck}
 * (non-finite steps are skipped, more than 50 fail the run with a {@link
 * io.palr.api.training.TrainingDivergedException}), the best weights restored at the end and an
 * atomically written best checkpoint ({@code BestWeights}), {@code loss.csv} ({@code LossLog}) and
 * the console progress bar ({@code ProgressBar}); callers may add their own.
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
   * @param extra listeners told of the run after the configured ones
   * @return per-epoch figures; the model holds the best validated weights
   * @throws io.palr.api.training.TrainingDivergedException if more than 50 steps had a non-finite
   *     loss or gradient
   */
  public <B extends Batch> TrainingResult fit(
      TrainableModel<B> model, LeaveOneOutSplit split, TrainingListener... extra) {
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

    BestWeights best = new BestWeights(model, split.dataset().fingerprint(), config.runDirectory());
    List<TrainingListener> all = new ArrayList<>();
    all.add(new SkippedStepWarning());
    all.add(new DivergenceCheck(MAX_SKIPPED_STEPS, "lower the learning rate"));
    if (config.maxSeconds() > 0) {
      all.add(new TimeBudget(Duration.ofSeconds(config.maxSeconds())));
    }
    all.add(EarlyStopping.epochs(config.patience()));
    all.add(best);
    LossLog lossLog =
        config.runDirectory().map(d -> new LossLog(d.resolve("loss.csv"))).orElse(null);
    if (lossLog != null) {
      all.add(lossLog);
    }
    if (config.progressBar()) {
      all.add(new ProgressBar(System.err, batches));
    }
    all.addAll(List.of(extra));
    TrainingListeners listeners = TrainingListeners.of(all);
    listeners.begin(
        new TrainingPlan(
            name,
            config.maxEpochs(),
            batches,
            (long) batches * config.maxEpochs(),
            sampler.epochSize(),
            "NDCG@10",
            true));

    List<EpochStats> epochs = new ArrayList<>();
    long step = 0;
    double trainSeconds = 0;
    TrainingStop stop = null;
    try {
      for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
        long e0 = System.nanoTime();
        double lossSum = 0;
        long samples = 0;
        int steps = 0;
        long stepInEpoch = 0;
        try (BatchProducer<B> producer =
            new BatchProducer<>(sampler, config.batchSize(), new Random(rng.nextLong()))) {
          while (producer.hasNext()) {
            B batch = producer.next();
            stepInEpoch++;
            float[] normOut = new float[1];
            float loss = step(model, batch, adam, normOut);
            boolean applied = Float.isFinite(loss);
            if (applied) {
              lossSum += loss;
              samples += batch.size();
              steps++;
              step++;
            }
            double elapsed = trainSeconds + (System.nanoTime() - e0) / 1e9;
            listeners.step(
                new TrainingStep(
                    epoch,
                    stepInEpoch,
                    step,
                    (long) batches * config.maxEpochs(),
                    epoch - 1 + (double) stepInEpoch / batches,
                    loss,
                    config.learningRate(),
                    normOut[0],
                    batch.size(),
                    elapsed),
                applied);
          }
        }
        double secs = (System.nanoTime() - e0) / 1e9;
        trainSeconds += secs;
        listeners.epochEnd(new EpochEnd(epoch, step, lossSum / Math.max(1, steps), secs));
        boolean last = epoch == config.maxEpochs() || listeners.stopRequested();
        double ndcg = Double.NaN;
        if (epoch % config.evalEvery() == 0 || last) {
          ndcg =
              RankingMetrics.fullRanking(model, valHistories, valTargets, VALIDATION_K, 256).ndcg();
          listeners.validated(epoch, step, ndcg);
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
        if (epoch == config.maxEpochs() || listeners.stopRequested()) {
          stop = listeners.end(epoch, step, epoch == config.maxEpochs());
          break;
        }
      }
    } finally {
      if (lossLog != null) {
        lossLog.close();
      }
    }
    if (stop.early()) {
      LOG.info(
          "{}: {}; stopped after epoch {} of {} (best epoch {}, NDCG@10 {})",
          name,
          stop.detail(),
          stop.epochs(),
          config.maxEpochs(),
          best.bestEpoch(),
          String.format("%.4f", listeners.best()));
    }
    model.parameters().releaseNonParameters();
    return new TrainingResult(
        epochs,
        best.bestEpoch(),
        best.bestEpoch() == 0 ? -1 : listeners.best(),
        stop.reason() == StopReason.EARLY_STOPPING,
        (System.nanoTime() - t0) / 1e9,
        stop);
  }

  /**
   * One optimisation step in its own manager scope; returns the batch loss, or NaN when the loss or
   * a gradient was not finite, in which case the gradients are cleared and the weights left
   * untouched. The global gradient norm goes to {@code normOut[0]} (NaN when not computed).
   */
  private static <B extends Batch> float step(
      TrainableModel<B> model, B batch, Adam adam, float[] normOut) {
    float value;
    normOut[0] = Float.NaN;
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
      float squares = sumSquares.getFloat();
      normOut[0] = (float) Math.sqrt(squares);
      if (!Float.isFinite(value) || !Float.isFinite(squares)) {
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

  /** Logs each skipped step, as the loop always has. */
  private static final class SkippedStepWarning implements TrainingListener {
    private String name;
    private int skipped;

    @Override
    public void onTrainingBegin(TrainingPlan plan, io.palr.api.training.TrainingControl control) {
      name = plan.name();
    }

    @Override
    public void onStepSkipped(TrainingStep s) {
      skipped++;
      LOG.warn(
          "{}: non-finite loss or gradient at epoch {} step {}; step skipped ({} so far)",
          name,
          s.epoch(),
          s.stepInEpoch() - 1,
          skipped);
    }
  }
}
