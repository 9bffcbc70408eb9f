package io.palr.llm.finetune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Hyper-parameters of a supervised fine-tuning run. Build with {@link #builder()}; every field has
 * a default that suits LoRA on a small model.
 *
 * @param method LoRA or full fine-tuning
 * @param loraRank the adapter rank r
 * @param loraAlpha the adapter scale numerator ({@code scale = alpha / r}, as in PEFT)
 * @param targetModules projection names receiving adapters ({@code q_proj}, ..., {@code
 *     down_proj}), or the single entry {@link #ALL_LINEAR} for every projection of the blocks (not
 *     the output head, as in PEFT)
 * @param learningRate the peak learning rate
 * @param minLearningRate the rate at the last step for decaying schedules
 * @param schedule the decay after warmup
 * @param warmupSteps optimizer steps of linear warmup
 * @param weightDecay AdamW's decoupled weight decay (applied to matrices only, not to norm weights)
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's denominator epsilon
 * @param maxGradNorm clip the global gradient norm to this ({@code <= 0}: no clipping)
 * @param batchSize examples per micro-batch
 * @param gradientAccumulation micro-batches per optimizer step
 * @param epochs passes over the training data (ignored when {@code maxSteps > 0})
 * @param maxSteps optimizer steps to run, cycling over the data as needed ({@code <= 0}: {@code
 *     epochs} passes)
 * @param maxSequenceLength tokens per example including the beginning- and end-of-sequence tokens
 *     (capped at the model's context plus one)
 * @param truncation what to do with longer examples
 * @param evalEverySteps evaluate on the held-out split every so many optimizer steps ({@code <= 0}:
 *     at the end of each epoch and at the end of the run)
 * @param earlyStopPatience stop after this many evaluations without improvement ({@code <= 0}:
 *     never)
 * @param seed seeds the shuffling and the adapter initialisation
 * @param logEverySteps write a training-loss row to the log every so many steps
 * @param baseModel the base model's name or path, recorded in checkpoints (PEFT's {@code
 *     base_model_name_or_path})
 */
public record FineTuneConfig(
    FineTuneMethod method,
    int loraRank,
    double loraAlpha,
    List<String> targetModules,
    double learningRate,
    double minLearningRate,
    LrSchedule schedule,
    int warmupSteps,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double maxGradNorm,
    int batchSize,
    int gradientAccumulation,
    int epochs,
    int maxSteps,
    int maxSequenceLength,
    TruncationPolicy truncation,
    int evalEverySteps,
    int earlyStopPatience,
    long seed,
    int logEverySteps,
    String baseModel) {

  /** The {@code targetModules} entry selecting every projection of the transformer blocks. */
  public static final String ALL_LINEAR = "all-linear";

  /** The projection names of a LLaMA block. */
  public static final List<String> PROJECTIONS =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  /** Validates the components. */
  public FineTuneConfig {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(truncation, "truncation");
    targetModules = List.copyOf(targetModules);
    baseModel = baseModel == null ? "" : baseModel;
    require(loraRank >= 1, "loraRank must be >= 1: " + loraRank);
    require(loraAlpha > 0, "loraAlpha must be > 0: " + loraAlpha);
    require(!targetModules.isEmpty(), "targetModules must not be empty");
    for (String m : targetModules) {
      require(
          m.equals(ALL_LINEAR) || PROJECTIONS.contains(m),
          "unknown target module '" + m + "' (expected " + PROJECTIONS + " or " + ALL_LINEAR + ")");
    }
    require(
        learningRate > 0 && Double.isFinite(learningRate),
        "learningRate must be > 0: " + learningRate);
    require(
        minLearningRate >= 0 && minLearningRate <= learningRate,
        "minLearningRate must be in [0, learningRate]");
    require(warmupSteps >= 0, "warmupSteps must be >= 0");
    require(weightDecay >= 0, "weightDecay must be >= 0");
    require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
    require(epsilon > 0, "epsilon must be > 0");
    require(batchSize >= 1, "batchSize must be >= 1: " + batchSize);
    require(
        gradientAccumulation >= 1, "gradientAccumulation must be >= 1: " + gradientAccumulation);
    require(epochs >= 1 || maxSteps > 0, "epochs must be >= 1 unless maxSteps is set");
    require(maxSequenceLength >= 3, "maxSequenceLength must be >= 3: " + maxSequenceLength);
    require(logEverySteps >= 1, "logEverySteps must be >= 1");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The adapter scale {@code alpha / r}. */
  public double loraScale() {
    return loraAlpha / loraRank;
  }

  /** The projection names that receive adapters ({@link #ALL_LINEAR} expanded). */
  public Set<String> resolvedTargetModules() {
    if (targetModules.contains(ALL_LINEAR)) {
      return new java.util.LinkedHashSet<>(PROJECTIONS);
    }
    return new java.util.LinkedHashSet<>(targetModules);
  }

  /** The learning rate at a 1-based optimizer step of a run of {@code totalSteps}. */
  public double learningRateAt(int step, int totalSteps) {
    return schedule.rate(step, totalSteps, warmupSteps, learningRate, minLearningRate);
  }

  /** The fields as a JSON-ready map (for {@code training_config.json}). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method.name());
    if (method == FineTuneMethod.LORA) {
      m.put("lora_rank", loraRank);
      m.put("lora_alpha", loraAlpha);
      m.put("target_modules", List.copyOf(resolvedTargetModules()));
    }
    m.put("learning_rate", learningRate);
    m.put("min_learning_rate", minLearningRate);
    m.put("schedule", schedule.name());
    m.put("warmup_steps", warmupSteps);
    m.put("weight_decay", weightDecay);
    m.put("beta1", beta1);
    m.put("beta2", beta2);
    m.put("epsilon", epsilon);
    m.put("max_grad_norm", maxGradNorm);
    m.put("batch_size", batchSize);
    m.put("gradient_accumulation", gradientAccumulation);
    m.put("epochs", epochs);
    m.put("max_steps", maxSteps);
    m.put("max_sequence_length", maxSequenceLength);
    m.put("truncation", truncation.name());
    m.put("eval_every_steps", evalEverySteps);
    m.put("early_stop_patience", earlyStopPatience);
    m.put("seed", seed);
    m.put("base_model", baseModel);
    return m;
  }

  /**
   * A builder with the defaults (LoRA r=8, alpha=16 on q_proj and v_proj, lr 2e-4 cosine, batch 8,
   * 1 epoch).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.method = method;
    b.loraRank = loraRank;
    b.loraAlpha = loraAlpha;
    b.targetModules = targetModules;
    b.learningRate = learningRate;
    b.minLearningRate = minLearningRate;
    b.schedule = schedule;
    b.warmupSteps = warmupSteps;
    b.weightDecay = weightDecay;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.epsilon = epsilon;
    b.maxGradNorm = maxGradNorm;
    b.batchSize = batchSize;
    b.gradientAccumulation = gradientAccumulation;
    b.epochs = epochs;
    b.maxSteps = maxSteps;
    b.maxSequenceLength = maxSequenceLength;
    b.truncation = truncation;
    b.evalEverySteps = evalEverySteps;
    b.earlyStopPatience = earlyStopPatience;
    b.seed = seed;
    b.logEverySteps = logEverySteps;
    b.baseModel = baseModel;
    return b;
  }

  /** Builds a {@link FineTuneConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private FineTuneMethod method = FineTuneMethod.LORA;
    private int loraRank = 8;
    private double loraAlpha = 16;
    private List<String> targetModules = List.of("q_proj", "v_proj");
    private double learningRate = 2e-4;
    private double minLearningRate = 0;
    private LrSchedule schedule = LrSchedule.COSINE;
    private int warmupSteps = 0;
    private double weightDecay = 0.0;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double maxGradNorm = 1.0;
    private int batchSize = 8;
    private int gradientAccumulation = 1;
    private int epochs = 1;
    private int maxSteps = 0;
    private int maxSequenceLength = 512;
    private TruncationPolicy truncation = TruncationPolicy.TRUNCATE_PROMPT_LEFT;
    private int evalEverySteps = 0;
    private int earlyStopPatience = 0;
    private long seed = 42;
    private int logEverySteps = 1;
    private String baseModel = "";

    private Builder() {}

    /** LoRA or full fine-tuning. */
    public Builder method(FineTuneMethod v) {
      method = v;
      return this;
    }

    /** LoRA with rank {@code r} and scale numerator {@code alpha}. */
    public Builder lora(int r, double alpha) {
      method = FineTuneMethod.LORA;
      loraRank = r;
      loraAlpha = alpha;
      return this;
    }

    /** Full fine-tuning. */
    public Builder full() {
      method = FineTuneMethod.FULL;
      return this;
    }

    /**
     * The projections receiving adapters, e.g. {@code "q_proj", "v_proj"} or {@link #ALL_LINEAR}.
     */
    public Builder targetModules(String... v) {
      targetModules = List.of(v);
      return this;
    }

    /** The projections receiving adapters. */
    public Builder targetModules(List<String> v) {
      targetModules = List.copyOf(v);
      return this;
    }

    /** The peak learning rate. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** The final learning rate of decaying schedules. */
    public Builder minLearningRate(double v) {
      minLearningRate = v;
      return this;
    }

    /** The decay after warmup. */
    public Builder schedule(LrSchedule v) {
      schedule = v;
      return this;
    }

    /** Optimizer steps of linear warmup. */
    public Builder warmupSteps(int v) {
      warmupSteps = v;
      return this;
    }

    /** AdamW's decoupled weight decay. */
    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** AdamW's betas. */
    public Builder betas(double b1, double b2) {
      beta1 = b1;
      beta2 = b2;
      return this;
    }

    /** AdamW's epsilon. */
    public Builder epsilon(double v) {
      epsilon = v;
      return this;
    }

    /** The global gradient-norm clip ({@code <= 0}: none). */
    public Builder maxGradNorm(double v) {
      maxGradNorm = v;
      return this;
    }

    /** Examples per micro-batch. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** Micro-batches per optimizer step. */
    public Builder gradientAccumulation(int v) {
      gradientAccumulation = v;
      return this;
    }

    /** Passes over the data. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** A fixed number of optimizer steps ({@code <= 0}: use epochs). */
    public Builder maxSteps(int v) {
      maxSteps = v;
      return this;
    }

    /** Tokens per example including BOS and EOS. */
    public Builder maxSequenceLength(int v) {
      maxSequenceLength = v;
      return this;
    }

    /** What to do with over-long examples. */
    public Builder truncation(TruncationPolicy v) {
      truncation = v;
      return this;
    }

    /** Evaluate every so many steps ({@code <= 0}: per epoch). */
    public Builder evalEverySteps(int v) {
      evalEverySteps = v;
      return this;
    }

    /** Evaluations without improvement before stopping ({@code <= 0}: never stop early). */
    public Builder earlyStopPatience(int v) {
      earlyStopPatience = v;
      return this;
    }

    /** The seed of shuffling and adapter initialisation. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Log a training row every so many steps. */
    public Builder logEverySteps(int v) {
      logEverySteps = v;
      return this;
    }

    /** The base model's name or path for provenance. */
    public Builder baseModel(String v) {
      baseModel = v;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public FineTuneConfig build() {
      return new FineTuneConfig(
          method,
          loraRank,
          loraAlpha,
          targetModules,
          learningRate,
          minLearningRate,
          schedule,
          warmupSteps,
          weightDecay,
          beta1,
          beta2,
          epsilon,
          maxGradNorm,
          batchSize,
          gradientAccumulation,
          epochs,
          maxSteps,
          maxSequenceLength,
          truncation,
          evalEverySteps,
          earlyStopPatience,
          seed,
          logEverySteps,
          baseModel);
    }
  }
}
