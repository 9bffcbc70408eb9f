package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.training.DivergenceCheck;
import io.palr.api.training.EarlyStopping;
import io.palr.api.training.EpochEnd;
import io.palr.api.training.StopReason;
import io.palr.api.training.TrainingDivergedException;
import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingListeners;
import io.palr.api.training.TrainingPlan;
import io.palr.api.training.TrainingStep;
import io.palr.api.training.TrainingStop;
import io.palr.io.output.AtomicOutput;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Supervised fine-tuning of a {@link LlamaModel} on (prompt, response) pairs with DJL autograd:
 * next-token cross-entropy on the response tokens only ({@link ResponseLoss}), right-padded
 * mini-batches with attention masks, gradient accumulation, global-norm clipping, {@link AdamW},
 * linear warmup then cosine/linear decay, seeded shuffling per epoch, held-out evaluation and
 * optional early stopping. The loop reports to {@link TrainingListener}s, the same type as the
 * retrieval trainer's.
 *
 * <p>With {@link FineTuneMethod#LORA} the trainer attaches fresh adapters to the model (float32
 * masters; base weights are never written) and saves a PEFT adapter folder; with {@link
 * FineTuneMethod#FULL} it updates every weight in place (FLOAT32, writable weights: see {@link
 * #loadOptions}) and saves a Hugging Face model folder. The model keeps the trained state after
 * {@link #train}, so it can be evaluated or used for generation directly.
 *
 * <p>Runs on the model's device; nothing is CPU-specific. Each micro-batch runs in its own
 * sub-manager of the model's manager, closed after the step, so native memory does not grow across
 * steps. One training run per JVM at a time.
 *
 * <p>Closing the trainer frees the optimizer state, not the model or the adapters (they belong to
 * the model).
 */
public final class SftTrainer implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SftTrainer.class);

  private final LlamaModel model;
  private final Tokenizer tokenizer;
  private final FineTuneConfig config;
  private final TrainableSet trainables;
  private final AdamW optimizer;
  private final SftEncoder encoder;
  private final int padId;

  /**
   * Prepares training: attaches adapters (LoRA) or marks every weight trainable (full), and
   * allocates the optimizer.
   *
   * @param model the model to train (stays owned by the caller)
   * @param tokenizer its tokenizer
   * @param config the hyper-parameters
   * @throws IllegalArgumentException if the tokenizer does not fit the model or full fine-tuning
   *     gets non-float32 weights
   */
  public SftTrainer(LlamaModel model, Tokenizer tokenizer, FineTuneConfig config) {
    this.model = Objects.requireNonNull(model, "model");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.config = Objects.requireNonNull(config, "config");
    Tokenizers.requireMatching(tokenizer, model.config());
    int maxLength = Math.min(config.maxSequenceLength(), model.config().maxPositions() + 1);
    this.encoder = new SftEncoder(tokenizer, maxLength, config.truncation());
    this.padId = tokenizer.eosId();
    this.trainables =
        config.method() == FineTuneMethod.LORA
            ? new LoraTrainables(model, config)
            : new FullTrainables(model, this::saveTokenizer);
    this.optimizer = new AdamW(trainables.parameters(), config, model.manager());
  }

  /**
   * The load options a model to be trained with {@code method} needs: FLOAT32 writable weights for
   * full fine-tuning (mapped weights are read-only); the defaults (FLOAT16 on a GPU, FLOAT32 on the
   * CPU) for LoRA.
   */
  public static LoadOptions loadOptions(FineTuneMethod method) {
    LoadOptions o = LoadOptions.defaults();
    return method == FineTuneMethod.FULL
        ? o.withDataType(DataType.FLOAT32).withWritableWeights(true)
        : o;
  }

  /** The configuration. */
  public FineTuneConfig config() {
    return config;
  }

  /** The number of trained values. */
  public long trainableParameterCount() {
    return trainables.parameters().stream().mapToLong(p -> p.array().getShape().size()).sum();
  }

  /**
   * Trains, evaluates and writes the checkpoint, {@code training_log.csv} and {@code
   * training_config.json} into {@code outputDir}: a PEFT adapter folder (LoRA) or a Hugging Face
   * model folder with the tokenizer (full).
   *
   * <p>The loop itself only steps, evaluates and reports to listeners: the {@code training_log.csv}
   * ({@code TrainingLog}), {@link EarlyStopping} (with {@link FineTuneConfig#earlyStopPatience()})
   * and a {@link DivergenceCheck} that fails the run on the first non-finite gradient are always
   * there; {@code listeners} come after them (a {@link ConsoleProgressBar}, a {@link
   * io.palr.api.training.TimeBudget}, your own).
   *
   * @param train the training examples (at least one must fit the maximum length)
   * @param eval held-out examples, possibly empty
   * @param outputDir the output folder (created if needed)
   * @param listeners told of every step, evaluation and the end of the run
   * @return the outcome
   * @throws IOException if writing the outputs fails
   * @throws TrainingDivergedException if a gradient becomes non-finite
   * @throws IllegalStateException if another run holds the JVM's training lock
   */
  public FineTuneResult train(
      List<SftExample> train, List<SftExample> eval, Path outputDir, TrainingListener... listeners)
      throws IOException {
    // the whole folder (weights, log, config) is staged: a failed, diverged or interrupted run
    // leaves the previous output as it was
    try (AtomicOutput staged = AtomicOutput.folder(outputDir)) {
      FineTuneResult r = trainInto(train, eval, staged.staging(), listeners);
      staged.commit(SftTrainer::verifySaved);
      Path dir = staged.target();
      FineTuneResult result =
          new FineTuneResult(
              r.steps(),
              r.epochs(),
              r.initialTrainLoss(),
              r.finalTrainLoss(),
              r.initialEvalLoss(),
              r.finalEvalLoss(),
              r.bestEvalLoss(),
              r.stoppedEarly(),
              r.trainExamples(),
              r.truncatedExamples(),
              r.skippedExamples(),
              r.trainedTokens(),
              r.tokensPerSecond(),
              r.stepsPerSecond(),
              r.trainingSeconds(),
              dir,
              dir.resolve(r.log().getFileName()),
              dir.resolve(r.configFile().getFileName()),
              r.stop());
      return result;
    }
  }

  /** Reads back every safetensors and JSON file of a saved folder. */
  private static void verifySaved(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".safetensors")) {
          try (SafetensorsFile check = SafetensorsFile.open(f)) {
            check.names();
          }
        } else if (n.endsWith(".json")) {
          new ObjectMapper().readTree(f.toFile());
        }
      }
    }
  }

  private FineTuneResult trainInto(
      List<SftExample> train, List<SftExample> eval, Path outputDir, TrainingListener... listeners)
      throws IOException {
    SftEncoder.Encoded trainSet = encoder.encodeAll(train);
    SftEncoder.Encoded evalSet = encoder.encodeAll(eval);
    if (trainSet.examples().isEmpty()) {
      throw new IllegalArgumentException(
          "no training example fits "
              + config.maxSequenceLength()
              + " tokens ("
              + train.size()
              + " given, "
              + trainSet.skipped()
              + " skipped)");
    }
    if (trainSet.skipped() + evalSet.skipped() > 0) {
      LOG.warn(
          "skipped {} training and {} eval examples longer than the maximum length",
          trainSet.skipped(),
          evalSet.skipped());
    }
    List<TokenizedExample> examples = trainSet.examples();
    int batchesPerEpoch = (examples.size() + config.batchSize() - 1) / config.batchSize();
    int stepsPerEpoch =
        (batchesPerEpoch + config.gradientAccumulation() - 1) / config.gradientAccumulation();
    int totalSteps = config.maxSteps() > 0 ? config.maxSteps() : config.epochs() * stepsPerEpoch;
    Files.createDirectories(outputDir);
    Path logFile = outputDir.resolve("training_log.csv");
    Path configFile = outputDir.resolve("training_config.json");
    writeConfig(configFile, train, eval, trainSet, evalSet, totalSteps, null);

    double initialEval = Double.NaN;
    double lastEval = Double.NaN;
    double firstLoss = Double.NaN;
    double lastLoss = Double.NaN;
    long tokens = 0;
    long trainNanos = 0;
    int step = 0;
    double epochPos = 0;
    TrainingStop stop = null;
    double bestEval = Double.NaN;
    try (AutoCloseable run = TrainingLock.acquireRun();
        TrainingLog log = new TrainingLog(logFile, config.logEverySteps())) {
      List<TrainingListener> all = new ArrayList<>();
      all.add(log);
      all.add(new DivergenceCheck(0, "lower the learning rate, or train in float32"));
      if (config.earlyStopPatience() > 0) {
        all.add(EarlyStopping.validations(config.earlyStopPatience()));
      }
      all.addAll(List.of(listeners));
      TrainingListeners events = TrainingListeners.of(all);
      events.begin(
          new TrainingPlan(
              "fine-tuning",
              (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch,
              stepsPerEpoch,
              totalSteps,
              examples.size(),
              "eval loss",
              false));
      if (!evalSet.examples().isEmpty()) {
        initialEval = evaluateEncoded(evalSet.examples());
        events.validated(0, 0, initialEval);
      }
      outer:
      for (int epoch = 0; ; epoch++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(config.seed() * 1_000_003L + epoch));
        List<List<TokenizedExample>> batches = new ArrayList<>();
        for (int i = 0; i < order.size(); i += config.batchSize()) {
          List<TokenizedExample> b = new ArrayList<>();
          for (int j = i; j < Math.min(order.size(), i + config.batchSize()); j++) {
            b.add(examples.get(order.get(j)));
          }
          batches.add(b);
        }
        long epochStart = System.nanoTime();
        double epochLoss = 0;
        int epochSteps = 0;
        for (int g = 0; g < batches.size(); g += config.gradientAccumulation()) {
          List<SftBatch> group = new ArrayList<>();
          for (int j = g; j < Math.min(batches.size(), g + config.gradientAccumulation()); j++) {
            group.add(SftBatch.collate(batches.get(j), padId));
          }
          long start = System.nanoTime();
          double loss = 0;
          long stepTokens = 0;
          long scored = group.stream().mapToLong(SftBatch::scoredTokens).sum();
          for (SftBatch b : group) {
            loss += backward(b, scored);
            stepTokens += b.realTokens();
          }
          double lr = config.learningRateAt(step + 1, totalSteps);
          double norm = optimizer.step(lr);
          trainNanos += System.nanoTime() - start;
          boolean applied = Double.isFinite(norm);
          if (applied) {
            step++;
            tokens += stepTokens;
          }
          epochPos =
              epoch
                  + (double) Math.min(batches.size(), g + config.gradientAccumulation())
                      / batches.size();
          events.step(
              new TrainingStep(
                  epoch + 1,
                  g / config.gradientAccumulation() + 1,
                  step,
                  totalSteps,
                  epochPos,
                  loss,
                  lr,
                  norm,
                  stepTokens,
                  trainNanos / 1e9),
              applied);
          if (step == 1) {
            firstLoss = loss;
          }
          lastLoss = loss;
          epochLoss += loss;
          epochSteps++;
          boolean endOfEpoch = g + config.gradientAccumulation() >= batches.size();
          if (endOfEpoch) {
            events.epochEnd(
                new EpochEnd(
                    epoch + 1,
                    step,
                    epochLoss / epochSteps,
                    (System.nanoTime() - epochStart) / 1e9));
          }
          boolean evalNow =
              config.evalEverySteps() > 0
                  ? step % config.evalEverySteps() == 0
                  : endOfEpoch || step == totalSteps;
          if (!evalSet.examples().isEmpty()
              && (evalNow || step == totalSteps || events.stopRequested())) {
            lastEval = evaluateEncoded(evalSet.examples());
            events.validated(epoch + 1, step, lastEval);
          }
          if (step >= totalSteps || events.stopRequested()) {
            stop = events.end(epoch + 1, step, step >= totalSteps);
            bestEval = events.best();
            break outer;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      trainables.finish();
    }
    trainables.save(outputDir);
    double seconds = trainNanos / 1e9;
    FineTuneResult result =
        new FineTuneResult(
            step,
            epochPos,
            firstLoss,
            lastLoss,
            initialEval,
            lastEval,
            evalSet.examples().isEmpty() ? Double.NaN : bestEval,
            stop.reason() == StopReason.EARLY_STOPPING,
            examples.size(),
            trainSet.truncated(),
            trainSet.skipped() + evalSet.skipped(),
            tokens,
            tokens / seconds,
            step / seconds,
            seconds,
            outputDir,
            logFile,
            configFile,
            stop);
    writeConfig(configFile, train, eval, trainSet, evalSet, totalSteps, result);
    return result;
  }

  /** Forward and backward of one micro-batch; returns its share of the step's mean loss. */
  private double backward(SftBatch batch, long scoredInStep) {
    try (NDManager step = model.manager().newSubManager()) {
      try (GradientCollector gc = TrainingLock.collector(step)) {
        trainables.bind(step);
        NDArray logits = model.forward(batch.inputArray(step), batch.attentionArray(step));
        NDArray sum = ResponseLoss.summedNll(logits, batch);
        // the divisor as an array of the step: DJL frees a div(Number) scalar before backward reads
        // it
        NDArray loss = sum.div(sum.getManager().create((float) scoredInStep));
        gc.backward(loss);
        return loss.getFloat();
      }
    }
  }

  /**
   * The mean negative log-likelihood per scored token of {@code examples} under the current weights
   * (no gradients). Examples the truncation policy skips are left out.
   */
  public double evaluate(List<SftExample> examples) {
    List<TokenizedExample> encoded = encoder.encodeAll(examples).examples();
    if (encoded.isEmpty()) {
      throw new IllegalArgumentException("no example to evaluate");
    }
    return evaluateEncoded(encoded);
  }

  private double evaluateEncoded(List<TokenizedExample> examples) {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < examples.size(); i += config.batchSize()) {
      SftBatch b =
          SftBatch.collate(
              examples.subList(i, Math.min(examples.size(), i + config.batchSize())), padId);
      try (NDManager step = model.manager().newSubManager()) {
        trainables.bind(step);
        NDArray logits = model.forward(b.inputArray(step), b.attentionArray(step));
        sum += ResponseLoss.summedNll(logits, b).getFloat();
        n += b.scoredTokens();
      }
    }
    trainables.finish();
    return sum / n;
  }

  /**
   * Writes the current checkpoint into {@code dir} (PEFT adapter folder for LoRA, Hugging Face
   * folder for full).
   *
   * @throws IOException if writing fails
   */
  public void saveCheckpoint(Path dir) throws IOException {
    trainables.save(dir);
  }

  private void saveTokenizer(Path dir) {
    try {
      if (tokenizer instanceof WordLevelTokenizer w) {
        w.save(dir.resolve("tokenizer.json"));
        return;
      }
      Path base = config.baseModel().isEmpty() ? null : Path.of(config.baseModel());
      List<String> copied = HfModelWriter.copyTokenizerFiles(base, dir);
      if (copied.isEmpty()) {
        LOG.warn(
            "no tokenizer written to {}: base model '{}' is not a folder with tokenizer files",
            dir,
            config.baseModel());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeConfig(
      Path file,
      List<SftExample> train,
      List<SftExample> eval,
      SftEncoder.Encoded trainSet,
      SftEncoder.Encoded evalSet,
      int totalSteps,
      FineTuneResult result)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("palr_version", version());
    root.put("created", Instant.now().toString());
    root.put("base_model", config.baseModel());
    root.put("model", HfModelWriter.configJson(model.config()));
    root.put("model_dtype", model.dataType().toString());
    root.put("device", model.manager().getDevice().toString());
    root.put(
        "tokenizer",
        tokenizer.getClass().getSimpleName() + " (" + tokenizer.vocabSize() + " tokens)");
    root.put("hyper_parameters", config.toMap());
    root.put("trainable_parameters", trainableParameterCount());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("train_examples", train.size());
    data.put("train_examples_used", trainSet.examples().size());
    data.put("train_examples_truncated", trainSet.truncated());
    data.put("train_examples_skipped", trainSet.skipped());
    data.put("train_tokens", trainSet.tokens());
    data.put("train_sha256", fingerprint(train));
    data.put("eval_examples", eval.size());
    data.put("eval_examples_used", evalSet.examples().size());
    data.put("eval_sha256", fingerprint(eval));
    root.put("data", data);
    root.put("planned_steps", totalSteps);
    if (result != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("steps", result.steps());
      r.put("epochs", result.epochs());
      r.put("initial_train_loss", finite(result.initialTrainLoss()));
      r.put("final_train_loss", finite(result.finalTrainLoss()));
      r.put("initial_eval_loss", finite(result.initialEvalLoss()));
      r.put("final_eval_loss", finite(result.finalEvalLoss()));
      r.put("best_eval_loss", finite(result.bestEvalLoss()));
      r.put("stopped_early", result.stoppedEarly());
      r.put("stop_reason", result.stop().reason().name().toLowerCase(java.util.Locale.ROOT));
      r.put("stop_detail", result.stop().detail());
      r.put("tokens_per_second", result.tokensPerSecond());
      r.put("steps_per_second", result.stepsPerSecond());
      r.put("training_seconds", result.trainingSeconds());
      root.put("result", r);
    }
    PeftCheckpoint.writeJsonAtomically(file, root);
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** SHA-256 over the examples in order (prompt, NUL, response, newline), hex. */
  static String fingerprint(List<SftExample> examples) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (SftExample e : examples) {
        d.update(e.prompt().getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(e.response().getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String version() {
    String v = SftTrainer.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT (development build)" : v;
  }

  /** Frees the optimizer state (the model and its adapters stay valid). */
  @Override
  public void close() {
    optimizer.close();
    trainables.close();
  }
}
