package io.palr.cli.commands;

import io.palr.api.CandidateRetriever;
import io.palr.api.Recommender;
import io.palr.api.llm.LanguageModel;
import io.palr.api.scoring.ItemScorer;
import io.palr.cli.options.DataOptions;
import io.palr.cli.options.LlmOptions;
import io.palr.cli.options.ModelOptions;
import io.palr.cli.options.RetrieverOptions;
import io.palr.cli.support.ModelDirectory;
import io.palr.cli.support.UsageException;
import io.palr.core.pipeline.Palr;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.experiment.HybridTuning;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.FallbackRateException;
import io.palr.eval.protocol.NegativeSampling;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.eval.protocol.UserSelection;
import io.palr.eval.report.LossSeries;
import io.palr.eval.report.Report;
import io.palr.eval.report.ReportWriter;
import io.palr.eval.report.SystemRow;
import io.palr.io.output.AtomicOutput;
import io.palr.retrieval.ModelType;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.train.TrainableModel;
import io.palr.text.ItemEmbeddings;
import io.palr.text.OnnxTextEncoder;
import io.palr.text.TextEmbeddingRetriever;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palr evaluate}: the paper-style comparison of any set of systems on a data set under the
 * leave-one-out protocol (full or sampled ranking), written by palr-eval's report API as Markdown,
 * CSV and JSON tables with PNG charts and paired significance tests of the best system against the
 * others.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Compare systems on a data set (leave-one-out, HR@K/NDCG@K/MRR) and write a report.",
      "Systems: retrievers (sasrec, bpr, ncf, gru4rec, caser, pop, itemknn), trained on the spot or loaded with",
      "--model-dir NAME=DIR; 'text' (item text through all-MiniLM-L6-v2, no training) and 'hybrid' (--hybrid-base",
      "fused with text); and 'palr' (the pipeline: --retriever candidates ranked by the LLM given with",
      "--llm or --openai)."
    },
    footer = {
      "",
      "Examples:",
      "  palr evaluate --synthetic --systems pop,itemknn,sasrec --epochs 20 -o runs/eval",
      "  palr evaluate --data data/beauty.palrds --systems pop,sasrec,text,hybrid -o runs/text",
      "  palr evaluate --data data/ml-1m.palrds --systems pop,sasrec --model-dir sasrec=runs/sasrec"
          + " --protocol sampled -o runs/ml1m-eval"
    })
public final class EvaluateCommand extends PalrCommand {
  @Mixin DataOptions data;

  @Mixin ModelOptions model;

  @Mixin LlmOptions llmOptions;

  @Option(
      names = {"-s", "--systems"},
      paramLabel = "SYSTEM",
      split = ",",
      defaultValue = "pop,itemknn,sasrec",
      description = "Systems to compare, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> systems = new ArrayList<>();

  @Option(
      names = "--model-dir",
      paramLabel = "SYSTEM=DIR",
      description =
          "Use a model folder from 'palr train' for a system instead of training it (repeatable).")
  Map<String, Path> modelDirs = new LinkedHashMap<>();

  @Option(
      names = {"--palr-retriever", "--retriever"},
      paramLabel = "SYSTEM",
      defaultValue = "sasrec",
      description =
          "The retriever whose candidates the 'palr' system ranks: a model system, text or hybrid"
              + " (default: ${DEFAULT-VALUE}).")
  String palrRetriever;

  private static final List<String> TEXT_SYSTEMS = List.of("text", "hybrid");
  private TextEmbeddingRetriever textRetriever;
  private CandidateRetriever hybridRetriever;

  @Option(
      names = "--hybrid-base",
      paramLabel = "SYSTEM",
      defaultValue = "sasrec",
      description =
          "The model system that the 'hybrid' system fuses with text (reciprocal rank, the text"
              + " weight chosen on 200 validation users) (default: ${DEFAULT-VALUE}).")
  String hybridBase;

  @Option(
      names = "--candidates",
      paramLabel = "N",
      defaultValue = "50",
      description = "Candidates the 'palr' system ranks (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = "--protocol",
      paramLabel = "PROTOCOL",
      defaultValue = "full",
      description =
          "full (every item) or sampled (the target among --negatives sampled items) (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--negatives",
      paramLabel = "N",
      defaultValue = "100",
      description = "Negatives per user for the sampled protocol (default: ${DEFAULT-VALUE}).")
  int negatives;

  @Option(
      names = "--popularity-negatives",
      description = "Sample negatives by popularity instead of uniformly.")
  boolean popularityNegatives;

  @Option(
      names = "--cutoffs",
      paramLabel = "K",
      split = ",",
      defaultValue = "5,10,20",
      description = "Cutoffs K of HR@K and NDCG@K (default: ${DEFAULT-VALUE}).")
  List<Integer> cutoffs = new ArrayList<>();

  @Option(
      names = "--users",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Evaluate a seeded random sample of N users; 0 = all (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--validation",
      description = "Predict the validation items instead of the test items.")
  boolean validation;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Evaluation threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--max-fallback-rate",
      paramLabel = "RATE",
      defaultValue = "0.5",
      description =
          "Fail instead of reporting when the 'palr' system answers more than this share of users in"
              + " retriever order (default: ${DEFAULT-VALUE}).")
  double maxFallbackRate;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Report folder: report.md, results.csv, results.json, per_user.csv, charts.")
  Path output;

  /** Creates the command; picocli fills the fields. */
  public EvaluateCommand() {}

  @Override
  protected int execute() throws Exception {
    llmOptions.requireConsistent(this::given);
    requireFor(
        "--protocol sampled",
        protocol.equalsIgnoreCase("sampled"),
        "--negatives",
        "--popularity-negatives");
    requireFor(
        "the system 'palr' in --systems",
        systems.contains("palr"),
        "--palr-retriever",
        "--candidates",
        "--max-fallback-rate");
    List<Metric> metrics;
    try {
      metrics = Metric.standard(cutoffs.stream().mapToInt(Integer::intValue).toArray());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cutoffs: " + e.getMessage(), e);
    }
    RankingProtocol rankingProtocol =
        switch (protocol.toLowerCase(Locale.ROOT)) {
          case "full" -> RankingProtocol.full();
          case "sampled" -> {
            if (negatives < 1) {
              throw new UsageException("--negatives must be >= 1");
            }
            yield RankingProtocol.sampled(
                negatives,
                popularityNegatives ? NegativeSampling.POPULARITY : NegativeSampling.UNIFORM,
                model.seed());
          }
          default ->
              throw new UsageException(
                  "unknown --protocol '" + protocol + "'; expected full or sampled");
        };
    if (systems.isEmpty()) {
      throw new UsageException("--systems is empty");
    }
    for (String s : systems) {
      if (!TEXT_SYSTEMS.contains(s) && !s.equals("palr")) {
        ModelOptions.parseType(s);
      }
    }
    if (!TEXT_SYSTEMS.contains(palrRetriever)) {
      ModelOptions.parseType(palrRetriever);
    }
    ModelOptions.parseType(hybridBase);
    if ((systems.contains("hybrid") || palrRetriever.equals("hybrid"))
        && !(rankingProtocol instanceof RankingProtocol.Full)) {
      throw new UsageException("system 'hybrid' returns a top-K list: use --protocol full");
    }
    for (String s : modelDirs.keySet()) {
      if (!systems.contains(s)) {
        throw new UsageException(
            "--model-dir names '" + s + "', which is not in --systems " + systems);
      }
    }
    boolean withPalr = systems.contains("palr");
    if (withPalr && !llmOptions.configured()) {
      throw new UsageException("system 'palr' needs an LLM: give --llm PATH or --openai");
    }
    if (withPalr && !(rankingProtocol instanceof RankingProtocol.Full)) {
      throw new UsageException("system 'palr' ranks a candidate list: use --protocol full");
    }
    if (threads < 1) {
      throw new UsageException("--threads must be >= 1");
    }
    if (!(maxFallbackRate >= 0 && maxFallbackRate <= 1)) {
      throw new UsageException("--max-fallback-rate must be in [0, 1]: " + maxFallbackRate);
    }
    if (!withPalr && llmOptions.configured()) {
      throw new UsageException(
          "--llm/--openai have no effect without the system 'palr' in --systems");
    }

    Map<String, Path> inputs = inputs("--data", data.data, "--model-dir", modelDirs);
    inputs.putAll(llmOptions.inputs());
    requireSeparate(output, inputs);
    DataOptions.Loaded loaded = data.load();
    LeaveOneOutSplit split = loaded.split();
    if (rankingProtocol instanceof RankingProtocol.Sampled) {
      int most = split.numItems() - 1;
      if (negatives > most) {
        throw new UsageException(
            String.format(
                Locale.ROOT,
                "--negatives %d is more than the catalogue offers: %,d items, so at most %,d"
                    + " negatives per user",
                negatives,
                split.numItems(),
                most));
      }
    }
    try (AtomicOutput staged = stageFolder(output, inputs)) {
      writeResolvedConfig(staged.staging());
      run(loaded, split, metrics, rankingProtocol, withPalr, staged.staging());
      staged.commit();
    }
    out().println("wrote report to " + output + " (" + output.resolve("report.md") + ")");
    return 0;
  }

  private void run(
      DataOptions.Loaded loaded,
      LeaveOneOutSplit split,
      List<Metric> metrics,
      RankingProtocol rankingProtocol,
      boolean withPalr,
      Path dir)
      throws Exception {
    Evaluator evaluator =
        Evaluator.builder(split)
            .mode(validation ? EvaluationMode.VALIDATION : EvaluationMode.TEST)
            .metrics(metrics)
            .protocol(rankingProtocol)
            .users(users > 0 ? UserSelection.random(users, model.seed()) : UserSelection.all())
            .threads(threads)
            .build();
    Report.Builder report =
        Report.builder("palr evaluate: " + loaded.dataset().name())
            .metrics(metrics)
            .note("data: " + loaded.source() + " (" + loaded.dataset().statistics() + ")")
            .note(
                "command: " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    Map<String, ItemScorer> scorers = new LinkedHashMap<>();
    try {
      for (String system : systems) {
        if (system.equals("palr")) {
          continue;
        }
        if (system.equals("hybrid")) {
          CandidateRetriever hybrid = hybrid(split, scorers, report, dir);
          err().println("evaluating hybrid ...");
          err().flush();
          report.add(evaluateRetriever(evaluator, split, hybrid, "hybrid", metrics));
          continue;
        }
        ItemScorer scorer = scorer(system, split, report, dir);
        scorers.put(system, scorer);
        err().println("evaluating " + system + " ...");
        err().flush();
        EvaluationResult result = evaluator.evaluate(system, scorer);
        Double capped = result.extras().get("capped_negatives_rate");
        if (capped != null) {
          err()
              .printf(
                  Locale.ROOT,
                  "%s: %.1f%% of users have fewer than %d unseen items; they were ranked against"
                      + " all of them (capped_negatives_rate in the report)%n",
                  system,
                  100 * capped,
                  negatives);
        }
        report.add(result);
      }
      if (withPalr) {
        EvaluationResult palrResult =
            evaluatePalr(evaluator, split, loaded, scorers, report, metrics, dir);
        err()
            .printf(
                Locale.ROOT,
                "palr: %.1f%% of users answered in retriever order (fallback)%n",
                100 * palrResult.extras().getOrDefault("fallback_rate", 0.0));
        FallbackRateException.check(palrResult, maxFallbackRate, typed("--max-fallback-rate"));
        report.add(palrResult);
      }
      Report built = report.build();
      ReportWriter.create().write(built, dir);
      printTable(built);
    } finally {
      for (ItemScorer s : scorers.values()) {
        if (s instanceof TrainableModel<?> m) {
          m.close();
        }
      }
    }
  }

  private ItemScorer scorer(
      String system, LeaveOneOutSplit split, Report.Builder report, Path output) throws Exception {
    if (system.equals("text")) {
      return text(split, report).scorer();
    }
    Path dir = modelDirs.get(system);
    if (dir != null) {
      ModelType stored = ModelDirectory.typeOf(dir);
      if (!stored.id().equals(system)) {
        throw new UsageException(
            "--model-dir " + system + "=" + dir + " holds a " + stored.id() + " model");
      }
      addLoss(report, dir.resolve("loss.csv"), system);
      return ModelDirectory.open(dir, split);
    }
    ModelType type = ModelOptions.parseType(system);
    Path runDir = output.resolve("models").resolve(system);
    err().println("fitting " + system + " ...");
    err().flush();
    ItemScorer scorer =
        RetrievalModels.fit(
                type == model.typeOr(null)
                    ? model.config(type)
                    : ModelOptions.withParams(type, Map.of()),
                split,
                model.trainer().withRunDirectory(type.neural() ? runDir : null))
            .scorer();
    if (type.neural()) {
      ModelDirectory.writeDescriptor(runDir, ((TrainableModel<?>) scorer).config(), split);
      addLoss(report, runDir.resolve("loss.csv"), system);
    }
    return scorer;
  }

  private TextEmbeddingRetriever text(LeaveOneOutSplit split, Report.Builder report) {
    if (textRetriever == null) {
      err().println("embedding item texts ...");
      err().flush();
      ItemEmbeddings vectors;
      try (OnnxTextEncoder encoder = OnnxTextEncoder.create()) {
        Path cache =
            data.data == null
                ? null
                : data.data.resolveSibling(
                    data.data.getFileName()
                        + ".text-"
                        + encoder.model().name().toLowerCase(Locale.ROOT)
                        + ".emb");
        vectors = ItemEmbeddings.compute(split.catalog().items(), encoder, cache);
      }
      report.note("text vectors (" + vectors.modelId() + "): " + vectors.stats().describe());
      textRetriever =
          TextEmbeddingRetriever.builder(split.catalog(), vectors)
              .fallbackScores(RetrieverOptions.popularity(split).scoreAll(List.of(new int[0]))[0])
              .build();
    }
    return textRetriever;
  }

  private ScorerRetriever modelRetriever(
      String system,
      LeaveOneOutSplit split,
      Map<String, ItemScorer> scorers,
      Report.Builder report,
      Path output)
      throws Exception {
    ItemScorer base = scorers.get(system);
    if (base == null) {
      base = scorer(system, split, report, output);
      scorers.put(system, base);
    }
    return new ScorerRetriever(system, base, split.catalog(), RetrieverOptions.popularity(split));
  }

  private CandidateRetriever hybrid(
      LeaveOneOutSplit split, Map<String, ItemScorer> scorers, Report.Builder report, Path output)
      throws Exception {
    if (hybridRetriever == null) {
      ScorerRetriever base = modelRetriever(hybridBase, split, scorers, report, output);
      HybridTuning tuning =
          HybridTuning.tune(
              split,
              base,
              HybridTuning.trainedOn(split),
              text(split, report),
              HybridTuning.GRID,
              UserSelection.random(200, model.seed()).select(split.numUsers()),
              10);
      report.note(tuning.describe());
      err().println(tuning.describe());
      hybridRetriever = tuning.chosen();
    }
    return hybridRetriever;
  }

  private EvaluationResult evaluateRetriever(
      Evaluator evaluator,
      LeaveOneOutSplit split,
      CandidateRetriever retriever,
      String name,
      List<Metric> metrics) {
    int k = listLength(metrics);
    try (Palr palr =
        Palr.builder().retriever(retriever).catalog(split.catalog()).name(name).build()) {
      return evaluator.evaluate((Recommender) palr, k);
    }
  }

  /**
   * How many items a system must list: the largest cutoff of the metrics (10 when none has one).
   */
  private static int listLength(List<Metric> metrics) {
    return metrics.stream()
        .mapToInt(Metric::cutoff)
        .filter(c -> c != Metric.NO_CUTOFF)
        .max()
        .orElse(10);
  }

  private static void addLoss(Report.Builder report, Path csv, String name) {
    if (Files.isRegularFile(csv)) {
      report.lossCurve(LossSeries.readCsv(csv, name));
    }
  }

  private EvaluationResult evaluatePalr(
      Evaluator evaluator,
      LeaveOneOutSplit split,
      DataOptions.Loaded loaded,
      Map<String, ItemScorer> scorers,
      Report.Builder report,
      List<Metric> metrics,
      Path dir)
      throws Exception {
    CandidateRetriever retriever;
    if (palrRetriever.equals("hybrid")) {
      retriever = hybrid(split, scorers, report, dir);
    } else if (palrRetriever.equals("text")) {
      retriever = text(split, report);
    } else {
      retriever = modelRetriever(palrRetriever, split, scorers, report, dir);
    }
    int k = listLength(metrics);
    try (LanguageModel lm = llmOptions.open().orElseThrow()) {
      PalrPromptTemplate template = llmOptions.template(loaded.domain(), lm);
      Palr.Builder b =
          Palr.builder()
              .retriever(retriever)
              .catalog(split.catalog())
              .numCandidates(Math.max(candidates, k))
              .latencyBudget(Duration.ofMinutes(5))
              .rankerThreads(threads)
              .name("palr");
      try {
        b.ranker(llmOptions.rankerKind(), lm, template);
      } catch (UnsupportedOperationException e) {
        throw new UsageException(e.getMessage(), e);
      }
      try (Palr palr = b.build()) {
        err().println("evaluating palr (" + palr.name() + ") ...");
        err().flush();
        Recommender r = palr;
        return evaluator.evaluate(r, k);
      }
    }
  }

  private static Double fallbackRate(SystemRow row) {
    Double f = row.extras().get("fallback_rate");
    return f != null ? f : row.result().map(r -> r.extras().get("fallback_rate")).orElse(null);
  }

  private void printTable(Report report) {
    List<String> cols = report.metrics().stream().map(Metric::name).toList();
    boolean fallbacks = report.rows().stream().anyMatch(r -> fallbackRate(r) != null);
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "system"));
    cols.forEach(c -> header.append(String.format(Locale.ROOT, " %9s", c)));
    if (fallbacks) {
      header.append(String.format(Locale.ROOT, " %9s", "fallback"));
    }
    out().println(header);
    for (SystemRow row : report.rows()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", row.system()));
      for (String c : cols) {
        Double v = row.metrics().get(c);
        line.append(
            v == null
                ? String.format(Locale.ROOT, " %9s", "-")
                : String.format(Locale.ROOT, " %9.4f", v));
      }
      if (fallbacks) {
        Double f = fallbackRate(row);
        line.append(
            f == null
                ? String.format(Locale.ROOT, " %9s", "-")
                : String.format(Locale.ROOT, " %8.1f%%", 100 * f));
      }
      out().println(line);
    }
    report
        .significance()
        .forEach(
            (metric, comparisons) ->
                comparisons.forEach(
                    c ->
                        out()
                            .printf(
                                Locale.ROOT,
                                "%s: %s vs %s %+.4f (%s)%n",
                                metric,
                                c.best(),
                                c.system(),
                                c.difference(),
                                c.significant() ? "significant" : "not significant")));
  }
}
