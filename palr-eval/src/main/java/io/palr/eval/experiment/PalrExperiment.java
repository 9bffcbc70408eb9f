package io.palr.eval.experiment;

import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.LlmRanker;
import io.palr.api.PromptTask;
import io.palr.api.RankingResult;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.core.instruct.InstructionDataGenerator;
import io.palr.core.instruct.InstructionDataWriter;
import io.palr.core.instruct.InstructionExample;
import io.palr.core.parse.OutputParser;
import io.palr.core.pipeline.Palr;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.GenerativeRanker;
import io.palr.core.rank.LikelihoodRanker;
import io.palr.core.rank.RankerKind;
import io.palr.core.rank.RecommendTaskRanker;
import io.palr.core.rank.RetrieverPrior;
import io.palr.data.Catalog;
import io.palr.data.DatasetStatistics;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.UserSelection;
import io.palr.eval.report.LossSeries;
import io.palr.eval.report.Report;
import io.palr.eval.report.ReportFiles;
import io.palr.eval.report.ReportWriter;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.decode.NoRepeatNgramProcessor;
import io.palr.llm.engine.EngineSettings;
import io.palr.llm.finetune.FineTuneConfig;
import io.palr.llm.finetune.FineTuneMethod;
import io.palr.llm.finetune.FineTuneResult;
import io.palr.llm.finetune.ProgressListener;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.finetune.SftExample;
import io.palr.llm.finetune.SftTrainer;
import io.palr.llm.finetune.StepProgress;
import io.palr.llm.finetune.TruncationPolicy;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.PopularityScorer;
import io.palr.retrieval.train.TrainerConfig;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The whole PALR method, end to end, on one data set:
 *
 * <ol>
 *   <li>load the data and split it leave-one-out (last item test, second-to-last validation);
 *   <li>train SASRec on the training items (early stopping on validation NDCG@10), the candidate
 *       retriever;
 *   <li>build Recommend (v1) and Recommend_Retrieval (v2) instruction examples from the
 *       <em>training</em> items only ({@link InstructionDataGenerator}; label = the user's next
 *       training items, no k-hop enrichment, so the labels are always the user's own training
 *       items);
 *   <li>fine-tune one LLaMA-architecture model (from scratch with a word-level tokenizer, or from a
 *       pretrained Hugging Face folder; full fine-tuning) on both tasks together; PALR-v1 and
 *       PALR-v2 are the same weights prompted with their own task;
 *   <li>choose the weight of PALR-v2's likelihood scores fused with SASRec's ({@link FusionTuning})
 *       on a seeded sample of <em>validation</em> users (history = training items, target =
 *       validation item);
 *   <li>evaluate on the test split, for a seeded sample of users: SASRec (its own top-k), PALR-v1
 *       (Recommend prompt, generated titles restricted to SASRec's top-50 by the output parser) and
 *       PALR-v2 (Recommend_Retrieval prompt over SASRec's top-50) with each configured ranker mode,
 *       plus the fused likelihood ranker; and the chance level of a random order of the candidates
 *       ({@link CandidateRecall});
 *   <li>write a report folder (Markdown, CSV, JSON, PNG charts incl. both loss curves) and a
 *       showcase of users.
 * </ol>
 *
 * <p>Everything is seeded: the same configuration gives the same numbers (up to floating-point
 * non-determinism of the native engine's multi-threaded kernels). Nothing reads validation or test
 * items except SASRec's early stopping and the choice of the fusion weight (validation) and the
 * final evaluation (test).
 */
public final class PalrExperiment {
  /** The name of the SASRec row. */
  public static final String SASREC = "SASRec";

  /** The name of the PALR-v1 row. */
  public static final String PALR_V1 = "PALR-v1";

  /**
   * The name of the row of PALR-v2 likelihood scores fused with SASRec's, the weight chosen on
   * validation.
   */
  public static final String PALR_V2_FUSED = "PALR-v2 (fused)";

  private static final int SHOWCASE_HISTORY = 8;
  private static final double HELD_OUT_RATE = 0.05;

  private final ExperimentConfig config;

  /** An experiment with the given settings. */
  public PalrExperiment(ExperimentConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The settings. */
  public ExperimentConfig config() {
    return config;
  }

  /** The row name of PALR-v2 with a ranker mode, e.g. "PALR-v2 (likelihood)". */
  public static String v2Name(RankerKind kind) {
    return "PALR-v2 (" + kind.name().toLowerCase(Locale.ROOT) + ")";
  }

  /**
   * Runs the experiment.
   *
   * @param listener progress callbacks
   * @return the table, showcase and report files
   * @throws IOException if data cannot be read or outputs cannot be written
   */
  public ExperimentResult run(ExperimentListener listener) throws IOException {
    Objects.requireNonNull(listener, "listener");
    EngineSettings.configure();
    long wallStart = System.nanoTime();
    double cpuStart = cpuSeconds();
    Map<String, Double> stages = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    Path out = config.outputDir();
    Files.createDirectories(out);

    // 1. data
    Stage st = new Stage("data", listener, stages);
    InteractionDataset dataset = config.data().load();
    LeaveOneOutSplit split = LeaveOneOutSplit.of(dataset);
    Catalog catalog = split.catalog();
    String datasetLine =
        config.data().name()
            + ": "
            + DatasetStatistics.of(dataset)
            + "; "
            + split.numUsers()
            + " users in the leave-one-out split";
    st.done(datasetLine);

    // 2. SASRec
    st = new Stage("SASRec training", listener, stages);
    Path sasrecDir = out.resolve("sasrec");
    TrainerConfig trainer =
        TrainerConfig.defaults()
            .withMaxEpochs(config.sasrecEpochs())
            .withSeed(config.seed())
            .withProgressBar(true)
            .withRunDirectory(sasrecDir)
            .withValidationUsers(Math.min(1000, split.numUsers()))
            .withMaxSeconds(config.sasrecMaxSeconds());
    List<int[]> trainSeqs = new ArrayList<>();
    for (int u = 0; u < split.numUsers(); u++) {
      trainSeqs.add(split.train(u));
    }
    try (RetrievalModels.Fitted sasrec = fitSasRec(split, trainer, notes, listener)) {
      String sasSummary =
          sasrec
              .training()
              .map(
                  t ->
                      String.format(
                          Locale.ROOT,
                          "%d epochs, best epoch %d, validation NDCG@10 %.4f",
                          t.epochs().size(),
                          t.bestEpoch(),
                          t.bestValidationNdcg()))
              .orElse("");
      st.done(sasSummary);
      notes.add("SASRec: " + sasSummary + " (early stopping on the validation split)");
      ScorerRetriever retriever =
          new ScorerRetriever(
              "sasrec", sasrec.scorer(), catalog, PopularityScorer.fit(catalog.size(), trainSeqs));
      return afterRetriever(
          split, retriever, sasrecDir, datasetLine, notes, stages, listener, wallStart, cpuStart);
    }
  }

  /**
   * Trains SASRec; if its loss becomes non-finite (seen on this engine with the default learning
   * rate on some data sets), retries from scratch with half the learning rate, at most twice, and
   * notes it.
   */
  private static RetrievalModels.Fitted fitSasRec(
      LeaveOneOutSplit split,
      TrainerConfig trainer,
      List<String> notes,
      ExperimentListener listener) {
    TrainerConfig t = trainer;
    for (int attempt = 0; ; attempt++) {
      try {
        return RetrievalModels.fit(RetrievalModels.defaults("sasrec"), split, t);
      } catch (IllegalStateException e) {
        if (attempt >= 2 || e.getMessage() == null || !e.getMessage().contains("loss became")) {
          throw e;
        }
        String line =
            "SASRec diverged ("
                + e.getMessage()
                + ") with learning rate "
                + t.learningRate()
                + "; retrained from scratch with "
                + t.learningRate() / 2;
        listener.message(line);
        notes.add(line);
        t = t.withLearningRate(t.learningRate() / 2);
      }
    }
  }

  private ExperimentResult afterRetriever(
      LeaveOneOutSplit split,
      ScorerRetriever retriever,
      Path sasrecDir,
      String datasetLine,
      List<String> notes,
      Map<String, Double> stages,
      ExperimentListener listener,
      long wallStart,
      double cpuStart)
      throws IOException {
    Path out = config.outputDir();
    Catalog catalog = split.catalog();
    AttributeProfileGenerator profiles = new AttributeProfileGenerator();

    // 3. tokenizer, template, instruction data (training items only)
    Stage st = new Stage("instruction data", listener, stages);
    Tokenizer tokenizer;
    LlamaModel base = null;
    int context;
    Path llmDir = out.resolve("llm");
    try {
      if (config.llm().isScratch()) {
        PalrPromptTemplate unbudgeted = template(null, Integer.MAX_VALUE);
        List<String> texts = new ArrayList<>();
        for (InstructionExample ex : instructions(split, unbudgeted, profiles)) {
          texts.add(ex.prompt());
          texts.add(ex.response());
        }
        for (Item it : catalog.items()) {
          texts.add(unbudgeted.renderer().render(it));
        }
        tokenizer = WordLevelTokenizer.train(texts, 1);
        context = config.scratchContext();
      } else {
        Path folder = config.llm().pretrained().orElseThrow();
        tokenizer = Tokenizers.load(LlamaModels.defaultTokenizer(folder));
        LoadOptions load = SftTrainer.loadOptions(FineTuneMethod.FULL);
        if (config.pretrainedContext() > 0) {
          load = load.withMaxPositions(config.pretrainedContext());
          notes.add(
              "Pretrained context extended to "
                  + config.pretrainedContext()
                  + " positions (RoPE; the model is fine-tuned at that length): the Alpaca instruction alone takes about"
                  + " 300 of its tokens");
        }
        base = LlamaModels.load(folder, load);
        context = base.config().maxPositions();
      }
      Tokenizer tok = tokenizer;
      PalrPromptTemplate template =
          template(text -> tok.encode(text, true).length, context - config.responseReserve());
      List<InstructionExample> examples = instructions(split, template, profiles);
      InstructionDataWriter.write(
          examples, out.resolve("instructions.jsonl"), InstructionDataWriter.Format.ALPACA);
      List<SftExample> train = new ArrayList<>();
      List<SftExample> heldOut = new ArrayList<>();
      Random rnd = new Random(config.seed());
      Map<String, Boolean> heldOutUser = new LinkedHashMap<>();
      for (InstructionExample ex : examples) {
        boolean held =
            heldOutUser.computeIfAbsent(ex.userId(), u -> rnd.nextDouble() < HELD_OUT_RATE);
        (held ? heldOut : train).add(new SftExample(ex.prompt(), ex.response()));
      }
      LeakageCount leak = leakage(split, examples);
      notes.add("Leakage check: " + leak);
      long v1 = examples.stream().filter(e -> e.task() == PromptTask.RECOMMEND).count();
      String instrSummary =
          String.format(
              Locale.ROOT,
              "%d examples (%d Recommend, %d Recommend_Retrieval) from %d users; %d train, %d held out; vocabulary %d,"
                  + " context %d, prompt budget %d tokens",
              examples.size(),
              v1,
              examples.size() - v1,
              heldOutUser.size(),
              train.size(),
              heldOut.size(),
              tokenizer.vocabSize(),
              context,
              template.maxPromptTokens());
      st.done(instrSummary);
      notes.add("Instruction data: " + instrSummary);

      // 4. fine-tuning
      st = new Stage("LLM fine-tuning", listener, stages);
      FineTuneResult ft;
      LlamaModel model =
          base != null
              ? base
              : ScratchModels.random(
                  ScratchModels.demoConfig(tokenizer.vocabSize(), context), config.seed(), null);
      base = model;
      int stepsPerEpoch = (train.size() + config.llmBatchSize() - 1) / config.llmBatchSize();
      int totalSteps = stepsPerEpoch * config.llmEpochs();
      FineTuneConfig ftc =
          FineTuneConfig.builder()
              .full()
              .learningRate(config.llmLearningRate())
              .warmupSteps(Math.max(1, Math.min(50, totalSteps / 10)))
              .batchSize(config.llmBatchSize())
              .epochs(config.llmEpochs())
              .maxSequenceLength(context + 1)
              .truncation(TruncationPolicy.TRUNCATE_PROMPT_LEFT)
              .evalEverySteps(Math.max(1, totalSteps / 4))
              .logEverySteps(1)
              .seed(config.seed())
              .baseModel(config.llm().pretrained().map(Path::toString).orElse("scratch:demoConfig"))
              .build();
      try (SftTrainer sft = new SftTrainer(model, tokenizer, ftc)) {
        ft = sft.train(train, heldOut, llmDir, new FineTuneProgress(listener, "LLM fine-tuning"));
      }
      model.close();
      base = null;
      String ftSummary =
          String.format(
              Locale.ROOT,
              "%d steps (%.1f epochs), train loss %.3f -> %.3f, held-out loss %.3f -> %.3f, %d truncated, %d skipped,"
                  + " %.0f tokens/s",
              ft.steps(),
              ft.epochs(),
              ft.initialTrainLoss(),
              ft.finalTrainLoss(),
              ft.initialEvalLoss(),
              ft.finalEvalLoss(),
              ft.truncatedExamples(),
              ft.skippedExamples(),
              ft.tokensPerSecond());
      st.done(ftSummary);
      notes.add(
          "Fine-tuning (" + config.llm().name() + ", full, one model on both tasks): " + ftSummary);
      tokenizer.close();

      try (LlamaLanguageModel lm = LlamaLanguageModel.open(llmDir, null, LoadOptions.defaults())) {
        PalrPromptTemplate inference =
            template(lm::countTokens, context - config.responseReserve());
        return evaluate(
            split,
            retriever,
            lm,
            inference,
            profiles,
            llmDir,
            sasrecDir,
            datasetLine,
            notes,
            stages,
            listener,
            wallStart,
            cpuStart);
      }
    } finally {
      if (base != null) {
        base.close();
      }
    }
  }

  private ExperimentResult evaluate(
      LeaveOneOutSplit split,
      CandidateRetriever retriever,
      LlamaLanguageModel lm,
      PalrPromptTemplate template,
      AttributeProfileGenerator profiles,
      Path llmDir,
      Path sasrecDir,
      String datasetLine,
      List<String> notes,
      Map<String, Double> stages,
      ExperimentListener listener,
      long wallStart,
      double cpuStart)
      throws IOException {
    Catalog catalog = split.catalog();
    int k = config.k();
    OutputParser parser = OutputParser.builder().catalog(catalog).build();
    int maxTokens = Math.min(1024, Math.max(16, config.responseReserve()));

    Map<String, LlmRanker> rankers = new LinkedHashMap<>();
    Map<String, String> modes = new LinkedHashMap<>();
    modes.put(SASREC, "retriever order");
    rankers.put(PALR_V1, new RecommendTaskRanker(lm, template, parser, maxTokens));
    modes.put(PALR_V1, "generative + parsing");
    if (config.v1NoRepeatNgram() > 0) {
      String name = PALR_V1 + " (no-repeat " + config.v1NoRepeatNgram() + ")";
      rankers.put(
          name,
          new RecommendTaskRanker(
              lm.withLogitProcessors(List.of(new NoRepeatNgramProcessor(config.v1NoRepeatNgram()))),
              template,
              parser,
              maxTokens));
      modes.put(name, "generative, no repeated " + config.v1NoRepeatNgram() + "-gram");
    }
    FusionTuning tuning = null;
    // the LLM-only and the fused likelihood rankers share one scoring pass per evaluated user
    MemoizedScoring scoring = new MemoizedScoring(lm);
    for (RankerKind kind : config.v2Rankers()) {
      LlmRanker r =
          switch (kind) {
            case GENERATIVE -> GenerativeRanker.builder(lm, template).parser(parser).build();
            case CONSTRAINED -> kind.create(lm, template);
            case LIKELIHOOD ->
                new LikelihoodRanker(scoring, template, LikelihoodRanker.Normalization.PER_TOKEN);
          };
      rankers.put(v2Name(kind), r);
      modes.put(
          v2Name(kind),
          switch (kind) {
            case GENERATIVE -> "generative + parsing";
            case CONSTRAINED -> "constrained decoding";
            case LIKELIHOOD -> "likelihood (LLM only)";
          });
      if (kind == RankerKind.LIKELIHOOD && !config.fusionGrid().isEmpty()) {
        Stage st = new Stage("fusion weight (validation)", listener, stages);
        UserSelection tuneUsers =
            config.tuneUsers() == 0
                ? UserSelection.all()
                : UserSelection.random(config.tuneUsers(), config.seed() + 1);
        tuning =
            FusionTuning.tune(
                split,
                retriever,
                (LikelihoodRanker) r,
                profiles,
                config.fusionGrid(),
                RetrieverPrior.SCORE,
                tuneUsers.select(split.numUsers()),
                config.numCandidates(),
                k);
        st.done(tuning.describe(k));
        notes.add(tuning.describe(k));
        rankers.put(PALR_V2_FUSED, ((LikelihoodRanker) r).withFusion(tuning.chosen()));
        modes.put(
            PALR_V2_FUSED, "LLM + SASRec, lambda=" + tuning.chosen().weightText() + " (val.)");
      }
    }

    UserSelection users =
        config.evalUsers() == 0
            ? UserSelection.all()
            : UserSelection.random(config.evalUsers(), config.seed());
    List<Metric> metrics = List.of(Metric.hr(k), Metric.ndcg(k));
    EvaluationMode mode = config.split();
    CandidateRecall chance =
        CandidateRecall.measure(
            split, mode, retriever, users.select(split.numUsers()), config.numCandidates(), k);
    notes.add(chance.describe(k));
    if (mode == EvaluationMode.VALIDATION && tuning != null) {
      notes.add(
          "This table is on the validation split, where the fusion weight was also chosen: the fused row is not"
              + " a held-out figure");
    }
    List<EvaluationResult> results = new ArrayList<>();
    List<SystemSummary> rows = new ArrayList<>();
    Map<String, Map<String, Double>> extras = new LinkedHashMap<>();
    Map<String, Palr> pipelines = new LinkedHashMap<>();
    Map<String, RecordingRanker> recorders = new LinkedHashMap<>();
    try {
      pipelines.put(SASREC, pipeline(SASREC, retriever, null, profiles, catalog));
      for (Map.Entry<String, LlmRanker> e : rankers.entrySet()) {
        RecordingRanker rec = new RecordingRanker(e.getValue());
        recorders.put(e.getKey(), rec);
        pipelines.put(e.getKey(), pipeline(e.getKey(), retriever, rec, profiles, catalog));
      }
      for (Map.Entry<String, Palr> e : pipelines.entrySet()) {
        String name = e.getKey();
        String stage = "evaluate " + name;
        Stage st = new Stage(stage, listener, stages);
        Evaluator evaluator =
            Evaluator.builder(split)
                .mode(mode)
                .metrics(metrics)
                .users(users)
                .threads(1)
                .batchSize(name.equals(SASREC) ? 256 : 5)
                .progress((done, total) -> listener.progress(stage, done, total, ""))
                .build();
        EvaluationResult r = evaluator.evaluate(e.getValue(), k).renamed(name);
        RecordingRanker rec = recorders.get(name);
        double halluc = rec == null ? Double.NaN : rec.hallucinationRate();
        double fallback = r.extras().getOrDefault("fallback_rate", 0.0);
        double latency = r.extras().getOrDefault("latency_ms_per_user", Double.NaN);
        SystemSummary row =
            new SystemSummary(
                name,
                modes.get(name),
                r.mean(Metric.hr(k)),
                r.mean(Metric.ndcg(k)),
                halluc,
                fallback,
                latency,
                r.numUsers());
        rows.add(row);
        results.add(r);
        Map<String, Double> x = new LinkedHashMap<>();
        x.put("hallucination_rate", halluc);
        extras.put(name, x);
        st.done(
            String.format(
                Locale.ROOT,
                "HR@%d %.4f, NDCG@%d %.4f, hallucination %s, fallback %.1f%%, %.1f ms/user",
                k,
                row.hr(),
                k,
                row.ndcg(),
                Double.isNaN(halluc) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * halluc),
                100 * fallback,
                latency));
      }
      List<String> truncation = truncationNotes(recorders);
      notes.addAll(truncation);

      // showcase
      Stage st = new Stage("showcase", listener, stages);
      List<UserShowcase> showcase = showcase(split, users, pipelines, recorders, profiles);
      st.done(showcase.size() + " users");

      // report
      st = new Stage("report", listener, stages);
      Report.Builder report =
          Report.builder(
                  "PALR end to end: "
                      + config.data().name()
                      + ", LLM from "
                      + config.llm().name()
                      + ", "
                      + mode.name().toLowerCase(Locale.ROOT)
                      + " split")
              .metrics(metrics)
              .curveMaxK(k)
              .extraColumns("hallucination_rate", "fallback_rate", "latency_ms_per_user");
      for (EvaluationResult r : results) {
        report.add(r, extras.get(r.system()));
      }
      report.note(datasetLine);
      report.note(
          String.format(
              Locale.ROOT,
              "%d %s users (seeded sample), candidates = SASRec top-%d, k = %d; "
                  + "ranker modes: %s",
              rows.get(0).users(),
              mode.name().toLowerCase(Locale.ROOT),
              config.numCandidates(),
              k,
              modes));
      for (String n : notes) {
        report.note(n);
      }
      readTrainingLog(llmDir.resolve("training_log.csv")).forEach(report::lossCurve);
      Path sasLoss = sasrecDir.resolve("loss.csv");
      if (Files.exists(sasLoss)) {
        report.lossCurve(LossSeries.readCsv(sasLoss, "SASRec (train)"));
      }
      ReportFiles files =
          ReportWriter.create().write(report.build(), config.outputDir().resolve("report"));
      st.done(files.all().size() + " files in " + config.outputDir().resolve("report"));
      double wall = (System.nanoTime() - wallStart) / 1e9;
      double cpu = cpuSeconds() - cpuStart;
      ExperimentResult result =
          new ExperimentResult(
              config, datasetLine, rows, showcase, notes, files, stages, wall, cpu);
      Files.writeString(
          config.outputDir().resolve("report/showcase.md"),
          "# Showcase users\n\n```\n" + result.showcaseText() + "```\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          config.outputDir().resolve("report/summary.txt"),
          result.table() + "\n" + result.timing() + "\n",
          StandardCharsets.UTF_8);
      return result;
    } finally {
      pipelines.values().forEach(Palr::close);
    }
  }

  private Palr pipeline(
      String name,
      CandidateRetriever retriever,
      LlmRanker ranker,
      AttributeProfileGenerator profiles,
      Catalog catalog) {
    Palr.Builder b =
        Palr.builder()
            .name(name)
            .retriever(retriever)
            .profileGenerator(profiles)
            .catalog(catalog)
            .numCandidates(config.numCandidates())
            .latencyBudget(Duration.ofMinutes(10))
            .rankerThreads(1)
            .batchParallelism(1);
    if (ranker != null) {
      b.ranker(ranker);
    }
    return b.build();
  }

  private List<UserShowcase> showcase(
      LeaveOneOutSplit split,
      UserSelection users,
      Map<String, Palr> pipelines,
      Map<String, RecordingRanker> recorders,
      AttributeProfileGenerator profiles) {
    int[] selected = users.select(split.numUsers());
    List<UserShowcase> out = new ArrayList<>();
    for (int i = 0; i < Math.min(config.showcaseUsers(), selected.length); i++) {
      int u = selected[i];
      int[] seq = config.split().history(split, u);
      UserHistory history = InteractionDataset.toHistory(split.userId(u), seq, split.catalog());
      List<String> recent = new ArrayList<>();
      for (int j = Math.max(0, seq.length - SHOWCASE_HISTORY); j < seq.length; j++) {
        recent.add(split.catalog().item(seq[j]).title());
      }
      Map<String, Recommendation> recs = new LinkedHashMap<>();
      Map<String, String> raw = new LinkedHashMap<>();
      for (Map.Entry<String, Palr> e : pipelines.entrySet()) {
        recs.put(e.getKey(), e.getValue().recommend(history, config.k()));
        RecordingRanker rec = recorders.get(e.getKey());
        RankingResult rr = rec == null ? null : rec.result(history.userId());
        if (rr != null) {
          raw.put(e.getKey(), rr.rawOutput());
        }
      }
      out.add(
          new UserShowcase(
              history.userId(),
              recent,
              seq.length,
              profiles.profile(history),
              split.catalog().item(config.split().target(split, u)).title(),
              recs,
              raw));
    }
    return out;
  }

  private static List<String> truncationNotes(Map<String, RecordingRanker> recorders) {
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, RecordingRanker> e : recorders.entrySet()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (RankingResult r : e.getValue().results().values()) {
        for (String part : r.detail().split("; ", -1)) {
          if (part.startsWith("prompt budget")
              || part.contains("truncated")
              || part.contains("reduced")) {
            counts.merge(part.replaceAll("\\d+", "N"), 1, Integer::sum);
          }
        }
      }
      counts.forEach((what, n) -> notes.add(e.getKey() + ": " + n + " users: " + what));
    }
    return notes;
  }

  /**
   * How often an instruction example of user {@code u} mentions {@code u}'s own validation or test
   * item (one that is not also among {@code u}'s training items).
   *
   * @param inHistoryOrLabel in the prompt's history or in the answer: this would be leakage (must
   *     be 0)
   * @param asNegative among a Recommend_Retrieval example's non-label candidates: a hard negative
   *     drawn from other users' co-occurrences without looking at {@code u}'s held-out items; it
   *     cannot reveal the target (it teaches the model <em>not</em> to pick it), but it is counted
   *     and reported
   */
  record LeakageCount(long inHistoryOrLabel, long asNegative) {
    @Override
    public String toString() {
      return inHistoryOrLabel
          + " examples show a user's own validation/test item in the history or answer, "
          + asNegative
          + " as a non-label candidate (a hard negative)";
    }
  }

  /**
   * Counts the user's own held-out items in the instruction examples (see {@link LeakageCount}).
   */
  static LeakageCount leakage(LeaveOneOutSplit split, List<InstructionExample> examples) {
    Map<String, Integer> userIndex = new java.util.HashMap<>();
    for (int u = 0; u < split.numUsers(); u++) {
      userIndex.put(split.userId(u), u);
    }
    long positives = 0;
    long negatives = 0;
    for (InstructionExample ex : examples) {
      int u = userIndex.get(ex.userId());
      Set<String> held = new HashSet<>();
      held.add(split.catalog().item(split.validationItem(u)).id());
      held.add(split.catalog().item(split.testItem(u)).id());
      for (int i : split.train(u)) {
        held.remove(split.catalog().item(i).id());
      }
      if (ex.historyItemIds().stream().anyMatch(held::contains)
          || ex.targetItemIds().stream().anyMatch(held::contains)) {
        positives++;
      }
      if (ex.candidateItemIds().stream()
          .anyMatch(id -> held.contains(id) && !ex.targetItemIds().contains(id))) {
        negatives++;
      }
    }
    return new LeakageCount(positives, negatives);
  }

  List<InstructionExample> instructions(
      LeaveOneOutSplit split, PalrPromptTemplate template, AttributeProfileGenerator profiles) {
    return InstructionDataGenerator.builder(split, template)
        .tasks(EnumSet.of(PromptTask.RECOMMEND, PromptTask.RECOMMEND_RETRIEVAL))
        .maxTargets(config.maxTargets())
        .minTargets(1)
        .numCandidates(config.numCandidates())
        .userSampleRate(config.instructionUserRate())
        .seed(config.seed())
        .profileGenerator(profiles)
        .build()
        .generate();
  }

  private PalrPromptTemplate template(
      java.util.function.ToIntFunction<String> counter, int budget) {
    PalrPromptTemplate.Builder b =
        PalrPromptTemplate.builder(config.data().domain())
            .maxHistoryItems(config.maxHistoryItems())
            .shuffleCandidates(config.seed());
    if (counter != null) {
      b.tokenCounter(counter).maxPromptTokens(budget);
    }
    return b.build();
  }

  /**
   * Splits the trainer's {@code training_log.csv} ({@code step,epoch,loss,lr,split}) into train and
   * held-out.
   */
  static List<LossSeries> readTrainingLog(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    Map<String, List<double[]>> bySplit = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord rec :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        bySplit
            .computeIfAbsent(rec.get("split"), s -> new ArrayList<>())
            .add(
                new double[] {
                  Double.parseDouble(rec.get("step")), Double.parseDouble(rec.get("loss"))
                });
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": malformed training log: " + e.getMessage(), e);
    }
    List<LossSeries> out = new ArrayList<>();
    bySplit.forEach(
        (split, points) -> {
          long[] steps = new long[points.size()];
          double[] losses = new double[points.size()];
          for (int i = 0; i < points.size(); i++) {
            steps[i] = (long) points.get(i)[0];
            losses[i] = points.get(i)[1];
          }
          out.add(
              LossSeries.of(
                  "PALR fine-tuning (" + (split.equals("eval") ? "held-out" : split) + ")",
                  steps,
                  losses));
        });
    return out;
  }

  private static double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Times one stage and reports it to the listener. */
  private static final class Stage {
    private final String name;
    private final ExperimentListener listener;
    private final Map<String, Double> stages;
    private final long start = System.nanoTime();

    Stage(String name, ExperimentListener listener, Map<String, Double> stages) {
      this.name = name;
      this.listener = listener;
      this.stages = stages;
      listener.stageStarted(name);
    }

    void done(String summary) {
      double s = (System.nanoTime() - start) / 1e9;
      stages.put(name, s);
      listener.stageFinished(name, s, summary);
    }
  }

  /** Forwards fine-tuning steps to the experiment listener. */
  private record FineTuneProgress(ExperimentListener listener, String stage)
      implements ProgressListener {
    @Override
    public void onStep(StepProgress p) {
      listener.progress(
          stage,
          p.step(),
          p.totalSteps(),
          String.format(Locale.ROOT, "loss %.4f %.0f tok/s", p.loss(), p.tokensPerSecond()));
    }

    @Override
    public void onEvaluation(int step, double evalLoss) {
      listener.message(String.format(Locale.ROOT, "step %d: held-out loss %.4f", step, evalLoss));
    }
  }
}
