package io.palr.eval.experiment;

import io.palr.api.CandidateRetriever;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.coldstart.ColdItems;
import io.palr.retrieval.hybrid.HybridRetriever;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.text.TextEmbeddingRetriever;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The state of one {@link PalrExperiment} run, handed from stage to stage: the settings, the
 * listener, the output folder, the timing, the notes, and what the stages produce (the split, the
 * candidate retriever, the folders of the trained models). Each stage reads what earlier stages set
 * and sets its own part; nothing else holds run state. Not thread-safe: one run, one thread.
 */
final class ExperimentRun {
  final ExperimentConfig config;
  final ExperimentListener listener;
  final Path out;
  final List<String> notes = new ArrayList<>();
  final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  final AttributeProfileGenerator profiles = new AttributeProfileGenerator();
  private final long wallStart = System.nanoTime();
  private final double cpuStart = cpuSeconds();

  /** Set by {@link DataStage}: the split every evaluation and every choice on validation uses. */
  LeaveOneOutSplit split;

  /**
   * Set by {@link DataStage}: the split everything that trains uses: {@link #split} without the
   * cold items in the item-cold-start protocol, otherwise {@link #split} itself.
   */
  LeaveOneOutSplit trainingSplit;

  /** Set by {@link DataStage} in the item-cold-start protocol, otherwise null. */
  ColdItems cold;

  /** Set by {@link SasRecStage}: SASRec as a retriever. */
  ScorerRetriever sasrec;

  /** Set by {@link SasRecStage}: popularity over the training split. */
  PopularityScorer popularity;

  /** Set by {@link TextStage} when text is used, otherwise null. */
  TextEmbeddingRetriever text;

  /** Set by {@link TextStage} when text is used, otherwise null. */
  HybridRetriever hybrid;

  /** Set by {@link DataStage}: one line describing the data set. */
  String datasetLine;

  /** Set by {@link SasRecStage} or {@link TextStage}: the candidate retriever of the LLM stage. */
  CandidateRetriever retriever;

  /** The name of {@link #retriever}'s row in the tables. */
  String retrieverRow = PalrExperiment.SASREC;

  /** Set by {@link SasRecStage}: SASRec's run folder (checkpoint, loss.csv). */
  Path sasrecDir;

  /** The fine-tuned model's folder. */
  final Path llmDir;

  ExperimentRun(ExperimentConfig config, ExperimentListener listener, Path out) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.out = Objects.requireNonNull(out, "out");
    this.llmDir = out.resolve("llm");
  }

  /** Starts timing a stage; call {@link Stage#done} when it ends. */
  Stage stage(String name) {
    return new Stage(name);
  }

  /** Wall seconds since the run began. */
  double wallSeconds() {
    return (System.nanoTime() - wallStart) / 1e9;
  }

  /** Process CPU seconds since the run began. */
  double cpuSecondsUsed() {
    return cpuSeconds() - cpuStart;
  }

  /** The prompt template of this run, with a token budget when {@code counter} is given. */
  PalrPromptTemplate template(ToIntFunction<String> counter, int budget) {
    PalrPromptTemplate.Builder b =
        PalrPromptTemplate.builder(config.data().domain())
            .maxHistoryItems(config.maxHistoryItems())
            .shuffleCandidates(config.seed());
    if (counter != null) {
      b.tokenCounter(counter).maxPromptTokens(budget);
    }
    return b.build();
  }

  private static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Times one stage and reports it to the listener. */
  final class Stage {
    private final String name;
    private final long start = System.nanoTime();

    private Stage(String name) {
      this.name = name;
      listener.stageStarted(name);
    }

    void done(String summary) {
      double s = (System.nanoTime() - start) / 1e9;
      stageSeconds.put(name, s);
      listener.stageFinished(name, s, summary);
    }
  }
}
