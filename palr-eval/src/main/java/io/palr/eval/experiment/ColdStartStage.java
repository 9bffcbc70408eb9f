package io.palr.eval.experiment;

import io.palr.api.CandidateRetriever;
import io.palr.api.LlmRanker;
import io.palr.core.pipeline.Palr;
import io.palr.core.rank.RankerKind;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.UserSelection;
import io.palr.eval.stats.Comparison;
import io.palr.eval.stats.SignificanceTests;
import io.palr.retrieval.serving.ScorerRetriever;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 6b (item-cold-start protocol): popularity, SASRec, text, hybrid and PALR-v2 (likelihood,
 * and fused) over the run's candidates, on the test split, for the cold test users (all of them)
 * and the warm ones (those of the main table's user sample), full ranking over the whole catalogue
 * with the cold items in it. The LLM rankers are the main table's, so their scores are reused.
 */
final class ColdStartStage {
  static final String POPULARITY = "Popularity";
  static final String TEXT = "Text";
  static final String HYBRID = "Hybrid";
  private static final int EXAMPLE_USERS = 3;

  private ColdStartStage() {}

  static ColdStartTable run(ExperimentRun run, RankerStage.Rankers systems) {
    ExperimentConfig config = run.config;
    LeaveOneOutSplit split = run.split;
    int k = config.k();
    Map<String, CandidateRetriever> retrievers = new LinkedHashMap<>();
    retrievers.put(
        POPULARITY,
        new ScorerRetriever("popularity", run.popularity, split.catalog(), run.popularity));
    retrievers.put(PalrExperiment.SASREC, run.sasrec);
    if (run.text != null) {
      retrievers.put(TEXT, run.text);
      retrievers.put(HYBRID, run.hybrid);
    }
    Map<String, LlmRanker> rankers = new LinkedHashMap<>();
    String likelihood = PalrExperiment.v2Name(RankerKind.LIKELIHOOD);
    for (String name : List.of(likelihood, PalrExperiment.PALR_V2_FUSED)) {
      if (systems.rankers().containsKey(name)) {
        rankers.put(name, systems.rankers().get(name));
      }
    }
    int[] sample =
        (config.evalUsers() == 0
                ? UserSelection.all()
                : UserSelection.random(config.evalUsers(), config.seed()))
            .select(split.numUsers());
    int[] coldUsers = run.cold.coldTestUsers(split);
    int[] warmUsers =
        Arrays.stream(sample).filter(u -> !run.cold.isCold(split.testItem(u))).toArray();
    List<ColdStartTable.Group> groups = new ArrayList<>();
    groups.add(group(run, "cold", coldUsers, retrievers, rankers, k));
    groups.add(group(run, "warm", warmUsers, retrievers, rankers, k));
    ColdStartTable table =
        new ColdStartTable(run.cold.describe(split), run.retrieverRow, k, groups);
    run.notes.add("Item-cold-start table:\n" + table.text());
    return table;
  }

  private static ColdStartTable.Group group(
      ExperimentRun run,
      String name,
      int[] users,
      Map<String, CandidateRetriever> retrievers,
      Map<String, LlmRanker> rankers,
      int k) {
    List<Metric> metrics = List.of(Metric.hr(k), Metric.ndcg(k));
    Map<String, Palr> pipelines = new LinkedHashMap<>();
    List<EvaluationResult> results = new ArrayList<>();
    List<ColdStartTable.Row> rows = new ArrayList<>();
    List<String> examples = new ArrayList<>();
    try {
      retrievers.forEach((n, r) -> pipelines.put(n, EvaluationStage.pipeline(run, n, r, null)));
      rankers.forEach(
          (n, r) -> pipelines.put(n, EvaluationStage.pipeline(run, n, run.retriever, r)));
      for (Map.Entry<String, Palr> e : pipelines.entrySet()) {
        String stage = "cold start: " + name + " users, " + e.getKey();
        ExperimentRun.Stage st = run.stage(stage);
        Evaluator evaluator =
            Evaluator.builder(run.split)
                .mode(EvaluationMode.TEST)
                .metrics(metrics)
                .users(UserSelection.of(users))
                .threads(1)
                .batchSize(rankers.containsKey(e.getKey()) ? 5 : 256)
                .progress((done, total) -> run.listener.progress(stage, done, total, ""))
                .build();
        EvaluationResult r = evaluator.evaluate(e.getValue(), k).renamed(e.getKey());
        results.add(r);
        rows.add(
            new ColdStartTable.Row(e.getKey(), r.mean(metrics.get(0)), r.mean(metrics.get(1))));
        st.done(
            String.format(
                Locale.ROOT,
                "HR@%d %.4f, NDCG@%d %.4f",
                k,
                r.mean(metrics.get(0)),
                k,
                r.mean(metrics.get(1))));
      }
      for (int i = 0; i < Math.min(EXAMPLE_USERS, users.length); i++) {
        examples.addAll(example(run, users[i], pipelines, rankers.keySet(), k));
      }
    } finally {
      pipelines.values().forEach(Palr::close);
    }
    CandidateRecall chance =
        CandidateRecall.measure(
            run.split, EvaluationMode.TEST, run.retriever, users, run.config.numCandidates(), k);
    List<String> significance = new ArrayList<>();
    if (users.length >= 2) {
      SignificanceTests tests = SignificanceTests.defaults();
      for (Metric m : metrics) {
        for (Comparison c : tests.compareToBest(results, m)) {
          significance.add(describe(c));
        }
      }
      EvaluationResult order = find(results, run.retrieverRow);
      for (String llm : rankers.keySet()) {
        EvaluationResult v2 = find(results, llm);
        if (order != null && v2 != null) {
          for (Metric m : metrics) {
            significance.add("LLM stage: " + describeAgainst(tests.compare(v2, order, m)));
          }
        }
      }
    }
    return new ColdStartTable.Group(
        name,
        users.length,
        rows,
        chance.chanceHr(),
        chance.chanceNdcg(),
        chance.recall(),
        significance,
        examples);
  }

  /**
   * One user in full: the end of the history, the test item, the lists of the order and the LLM.
   */
  private static List<String> example(
      ExperimentRun run, int u, Map<String, Palr> pipelines, java.util.Set<String> llmRows, int k) {
    LeaveOneOutSplit split = run.split;
    int[] history = split.trainAndValidation(u);
    List<String> recent = new ArrayList<>();
    for (int j = Math.max(0, history.length - 4); j < history.length; j++) {
      recent.add(split.catalog().item(history[j]).displayName());
    }
    String target = split.catalog().item(split.testItem(u)).id();
    List<String> out = new ArrayList<>();
    out.add(
        "user "
            + split.userId(u)
            + ": ... "
            + String.join(" | ", recent)
            + " -> test item \""
            + split.catalog().item(split.testItem(u)).displayName()
            + "\"");
    io.palr.api.UserHistory h =
        io.palr.data.InteractionDataset.toHistory(split.userId(u), history, split.catalog());
    List<String> shown = new ArrayList<>();
    shown.add(run.retrieverRow);
    shown.addAll(llmRows);
    for (String name : shown) {
      Palr p = pipelines.get(name);
      if (p == null) {
        continue;
      }
      List<String> top = new ArrayList<>();
      for (io.palr.api.RankedItem it : p.recommend(h, k).items()) {
        if (top.size() == 5) {
          break;
        }
        top.add((it.item().id().equals(target) ? "*" : "") + it.item().displayName());
      }
      out.add("    " + name + ": " + String.join(" | ", top));
    }
    return out;
  }

  private static EvaluationResult find(List<EvaluationResult> results, String system) {
    return results.stream().filter(r -> r.system().equals(system)).findFirst().orElse(null);
  }

  /** A comparison of {@code c.best()} against its retriever's order, with the direction. */
  private static String describeAgainst(Comparison c) {
    String verdict =
        !c.significant()
            ? "not significant"
            : c.difference() > 0 ? "significantly better" : "significantly worse";
    return String.format(
        Locale.ROOT,
        "%s: %s %.4f vs %s's order %.4f (n=%d), t-test p=%.3g, bootstrap p=%.3g: %s",
        c.metric(),
        c.best(),
        c.bestMean(),
        c.system(),
        c.systemMean(),
        c.n(),
        c.tTest().pValue(),
        c.bootstrap().pValue(),
        verdict);
  }

  private static String describe(Comparison c) {
    return String.format(
        Locale.ROOT,
        "%s: best %s %.4f vs %s %.4f (n=%d), t-test p=%.3g, bootstrap p=%.3g%s",
        c.metric(),
        c.best(),
        c.bestMean(),
        c.system(),
        c.systemMean(),
        c.n(),
        c.tTest().pValue(),
        c.bootstrap().pValue(),
        c.significant() ? " (significant)" : "");
  }
}
