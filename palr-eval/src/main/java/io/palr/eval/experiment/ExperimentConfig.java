package io.palr.eval.experiment;

import io.palr.core.rank.RankerKind;
import io.palr.eval.protocol.EvaluationMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link PalrExperiment}. Build with {@link #builder()}; {@link #quickstart(Path)}
 * gives the demo settings.
 *
 * @param data the data set
 * @param llm where the fine-tuned model starts
 * @param evalUsers test users evaluated (seeded sample; 0 = all)
 * @param instructionUserRate share of the users whose training sequences become instruction
 *     examples
 * @param sasrecEpochs upper bound on SASRec epochs (early stopping on validation NDCG@10)
 * @param sasrecMaxSeconds SASRec wall-time budget: no new epoch starts after it (0 = unbounded; a
 *     budget makes the number of epochs, and so the results, depend on machine speed)
 * @param llmEpochs fine-tuning epochs over the instruction data
 * @param llmBatchSize fine-tuning mini-batch size
 * @param llmLearningRate peak fine-tuning learning rate
 * @param numCandidates candidates retrieved by SASRec for the LLM (the paper's 50)
 * @param k length of the evaluated recommendation list
 * @param maxHistoryItems most recent history items shown in a prompt
 * @param maxTargets at most this many label items per instruction example
 * @param scratchContext context length (positions) of a model trained from scratch
 * @param pretrainedContext context length a pretrained model is extended to (RoPE positions; 0 =
 *     keep its own)
 * @param responseReserve tokens of the context kept free for the answer when budgeting prompts
 * @param v2Rankers ranker modes evaluated for PALR-v2 (the first is the headline row)
 * @param seed seed of everything (data sampling, initialisation, shuffling)
 * @param outputDir where checkpoints, logs and the report go
 * @param showcaseUsers users whose histories, profiles and recommendations are shown in full
 * @param fusionGrid weights {@code lambda} tried for fusing PALR-v2 (likelihood) with SASRec's
 *     scores ({@link io.palr.core.rank.ScoreFusion}); empty = no fused row
 * @param tuneUsers validation users on which the fusion weight is chosen (seeded sample; 0 = all)
 * @param v1NoRepeatNgram n-gram size of an extra PALR-v1 row decoded without repeating any
 *     generated n-gram ({@link io.palr.llm.decode.NoRepeatNgramProcessor}); 0 = no extra row
 * @param split the split the table is computed on: {@link EvaluationMode#TEST} (the reported
 *     numbers) or {@link EvaluationMode#VALIDATION} (for comparing settings without touching the
 *     test items)
 * @param candidates which retriever proposes the LLM's candidates
 * @param coldItems share of the items (the newest by first interaction) kept out of all training
 *     for the item-cold-start table ({@link io.palr.eval.coldstart.ColdItems}); 0 = no such table
 * @param palrV1 whether the table has a PALR-v1 row (the Recommend task, generated and parsed)
 */
public record ExperimentConfig(
    DataSpec data,
    LlmStart llm,
    int evalUsers,
    double instructionUserRate,
    int sasrecEpochs,
    long sasrecMaxSeconds,
    int llmEpochs,
    int llmBatchSize,
    double llmLearningRate,
    int numCandidates,
    int k,
    int maxHistoryItems,
    int maxTargets,
    int scratchContext,
    int pretrainedContext,
    int responseReserve,
    List<RankerKind> v2Rankers,
    long seed,
    Path outputDir,
    int showcaseUsers,
    List<Double> fusionGrid,
    int tuneUsers,
    int v1NoRepeatNgram,
    EvaluationMode split,
    CandidateSource candidates,
    double coldItems,
    boolean palrV1) {

  /** Validates the components. */
  public ExperimentConfig {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(llm, "llm");
    Objects.requireNonNull(outputDir, "outputDir");
    v2Rankers = List.copyOf(v2Rankers);
    if (v2Rankers.isEmpty()) {
      throw new IllegalArgumentException("at least one PALR-v2 ranker mode is needed");
    }
    atLeast("evalUsers", evalUsers, 0);
    atLeast("sasrecMaxSeconds", sasrecMaxSeconds, 0);
    atLeast("sasrecEpochs", sasrecEpochs, 1);
    atLeast("llmEpochs", llmEpochs, 1);
    atLeast("llmBatchSize", llmBatchSize, 1);
    atLeast("numCandidates", numCandidates, 1);
    atLeast("k", k, 1);
    atLeast("maxHistoryItems", maxHistoryItems, 1);
    atLeast("maxTargets", maxTargets, 1);
    atLeast("scratchContext", scratchContext, 64);
    atLeast("pretrainedContext", pretrainedContext, 0);
    atLeast("responseReserve", responseReserve, 1);
    atLeast("showcaseUsers", showcaseUsers, 0);
    if (!(instructionUserRate > 0 && instructionUserRate <= 1)) {
      throw new IllegalArgumentException(
          "instructionUserRate must be in (0, 1]: " + instructionUserRate);
    }
    if (!(llmLearningRate > 0)) {
      throw new IllegalArgumentException("llmLearningRate must be > 0: " + llmLearningRate);
    }
    fusionGrid = List.copyOf(fusionGrid);
    for (double w : fusionGrid) {
      if (!Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException("fusion weights must be finite and >= 0: " + fusionGrid);
      }
    }
    Objects.requireNonNull(split, "split");
    if (v1NoRepeatNgram < 0) {
      throw new IllegalArgumentException("v1NoRepeatNgram must be >= 0: " + v1NoRepeatNgram);
    }
    if (tuneUsers < 0) {
      throw new IllegalArgumentException("tuneUsers must be >= 0: " + tuneUsers);
    }
    Objects.requireNonNull(candidates, "candidates");
    if (!(coldItems >= 0 && coldItems < 1)) {
      throw new IllegalArgumentException("coldItems must be in [0, 1): " + coldItems);
    }
    if (k > numCandidates) {
      throw new IllegalArgumentException(
          "k (" + k + ") must not exceed numCandidates (" + numCandidates + ")");
    }
  }

  private static void atLeast(String name, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(name + " must be >= " + least + ": " + value);
    }
  }

  /** A builder with the quickstart defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The quickstart: synthetic data, a model from scratch, 200 test users, output in {@code
   * outputDir}.
   */
  public static ExperimentConfig quickstart(Path outputDir) {
    return builder().outputDir(outputDir).build();
  }

  /** A copy with another output folder. */
  public ExperimentConfig withOutputDir(Path dir) {
    return new ExperimentConfig(
        data,
        llm,
        evalUsers,
        instructionUserRate,
        sasrecEpochs,
        sasrecMaxSeconds,
        llmEpochs,
        llmBatchSize,
        llmLearningRate,
        numCandidates,
        k,
        maxHistoryItems,
        maxTargets,
        scratchContext,
        pretrainedContext,
        responseReserve,
        v2Rankers,
        seed,
        dir,
        showcaseUsers,
        fusionGrid,
        tuneUsers,
        v1NoRepeatNgram,
        split,
        candidates,
        coldItems,
        palrV1);
  }

  /** Builder of {@link ExperimentConfig}; defaults are the quickstart's. Not thread-safe. */
  public static final class Builder {
    private DataSpec data = DataSpec.synthetic();
    private LlmStart llm = LlmStart.scratch();
    private int evalUsers = 200;
    private double instructionUserRate = 0.2;
    private int sasrecEpochs = 60;
    private long sasrecMaxSeconds = 0;
    private int llmEpochs = 2;
    private int llmBatchSize = 16;
    private double llmLearningRate = 3e-3;
    private int numCandidates = 50;
    private int k = 10;
    private int maxHistoryItems = 8;
    private int maxTargets = 10;
    private int scratchContext = 768;
    private int pretrainedContext = 0;
    private int responseReserve = 128;
    private List<RankerKind> v2Rankers =
        List.of(RankerKind.LIKELIHOOD, RankerKind.CONSTRAINED, RankerKind.GENERATIVE);
    private long seed = 42;
    private Path outputDir = Path.of("palr-quickstart");
    private int showcaseUsers = 2;
    private List<Double> fusionGrid = List.of(0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0);
    private int tuneUsers = 100;
    private int v1NoRepeatNgram = 0;
    private boolean palrV1 = true;
    private EvaluationMode split = EvaluationMode.TEST;
    private CandidateSource candidates = CandidateSource.SASREC;
    private double coldItems = 0;

    private Builder() {}

    /** The data set (default: synthetic demo data). */
    public Builder data(DataSpec v) {
      this.data = v;
      return this;
    }

    /** Where the LLM starts (default: scratch). */
    public Builder llm(LlmStart v) {
      this.llm = v;
      return this;
    }

    /** Test users evaluated (default 200; 0 = all). */
    public Builder evalUsers(int v) {
      this.evalUsers = v;
      return this;
    }

    /** Share of users turned into instruction examples (default 0.2). */
    public Builder instructionUserRate(double v) {
      this.instructionUserRate = v;
      return this;
    }

    /** SASRec epoch bound (default 60). */
    public Builder sasrecEpochs(int v) {
      this.sasrecEpochs = v;
      return this;
    }

    /** SASRec wall-time budget in seconds (default 0 = unbounded). */
    public Builder sasrecMaxSeconds(long v) {
      this.sasrecMaxSeconds = v;
      return this;
    }

    /** Fine-tuning epochs (default 2). */
    public Builder llmEpochs(int v) {
      this.llmEpochs = v;
      return this;
    }

    /** Fine-tuning batch size (default 16). */
    public Builder llmBatchSize(int v) {
      this.llmBatchSize = v;
      return this;
    }

    /** Fine-tuning peak learning rate (default 3e-3). */
    public Builder llmLearningRate(double v) {
      this.llmLearningRate = v;
      return this;
    }

    /** Candidates retrieved for the LLM (default 50). */
    public Builder numCandidates(int v) {
      this.numCandidates = v;
      return this;
    }

    /** Recommendation list length (default 10). */
    public Builder k(int v) {
      this.k = v;
      return this;
    }

    /** History items shown in a prompt (default 8). */
    public Builder maxHistoryItems(int v) {
      this.maxHistoryItems = v;
      return this;
    }

    /** Label items per instruction example (default 10). */
    public Builder maxTargets(int v) {
      this.maxTargets = v;
      return this;
    }

    /** Context length of a model from scratch (default 768). */
    public Builder scratchContext(int v) {
      this.scratchContext = v;
      return this;
    }

    /** Context a pretrained model is extended to (default 0 = its own). */
    public Builder pretrainedContext(int v) {
      this.pretrainedContext = v;
      return this;
    }

    /** Tokens kept free for the answer (default 128). */
    public Builder responseReserve(int v) {
      this.responseReserve = v;
      return this;
    }

    /** PALR-v2 ranker modes (default likelihood, constrained, generative). */
    public Builder v2Rankers(RankerKind... v) {
      this.v2Rankers = List.of(v);
      return this;
    }

    /** Seed (default 42). */
    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    /** Output folder (default {@code palr-quickstart}). */
    public Builder outputDir(Path v) {
      this.outputDir = v;
      return this;
    }

    /** Users shown in full (default 2). */
    public Builder showcaseUsers(int v) {
      this.showcaseUsers = v;
      return this;
    }

    /**
     * Fusion weights tried on validation (default 0, 0.25, 0.5, 1, 2, 4, 8, 16; empty = no fused
     * row).
     */
    public Builder fusionGrid(List<Double> v) {
      this.fusionGrid = v;
      return this;
    }

    /** Validation users the fusion weight is chosen on (default 100; 0 = all). */
    public Builder tuneUsers(int v) {
      this.tuneUsers = v;
      return this;
    }

    /** N-gram size of an extra PALR-v1 row decoded without repeated n-grams (default 0 = none). */
    public Builder v1NoRepeatNgram(int v) {
      this.v1NoRepeatNgram = v;
      return this;
    }

    /** The split the table is computed on (default {@link EvaluationMode#TEST}). */
    public Builder split(EvaluationMode v) {
      this.split = v;
      return this;
    }

    /** The retriever of the LLM's candidates (default SASRec). */
    public Builder candidates(CandidateSource v) {
      this.candidates = v;
      return this;
    }

    /**
     * Share of the items kept out of training for the item-cold-start table (default 0 = none; the
     * issue's protocol uses 0.1).
     */
    public Builder coldItems(double v) {
      this.coldItems = v;
      return this;
    }

    /**
     * Whether the table has a PALR-v1 row (default true); a model that never names a candidate
     * answers every user in retriever order there.
     */
    public Builder palrV1(boolean v) {
      this.palrV1 = v;
      return this;
    }

    /** Builds and validates the configuration. */
    public ExperimentConfig build() {
      return new ExperimentConfig(
          data,
          llm,
          evalUsers,
          instructionUserRate,
          sasrecEpochs,
          sasrecMaxSeconds,
          llmEpochs,
          llmBatchSize,
          llmLearningRate,
          numCandidates,
          k,
          maxHistoryItems,
          maxTargets,
          scratchContext,
          pretrainedContext,
          responseReserve,
          v2Rankers,
          seed,
          outputDir,
          showcaseUsers,
          fusionGrid,
          tuneUsers,
          v1NoRepeatNgram,
          split,
          candidates,
          coldItems,
          palrV1);
    }
  }
}
