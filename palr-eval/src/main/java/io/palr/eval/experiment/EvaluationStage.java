package io.palr.eval.experiment;

import io.palr.api.CandidateRetriever;
import io.palr.api.LlmRanker;
import io.palr.api.RankingResult;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.core.explain.CoOccurrenceEvidence;
import io.palr.core.explain.Explanations;
import io.palr.core.pipeline.Palr;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.protocol.UserSelection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 6: every system of the table on the evaluation split for a seeded user sample (each a
 * {@link Palr} pipeline over the run's retriever), the chance level of the candidate list, and the
 * showcase users.
 */
final class EvaluationStage {
  private static final int SHOWCASE_HISTORY = 8;

  private EvaluationStage() {}

  /**
   * What the table and the report are made of.
   *
   * @param results one per system, in table order
   * @param rows the table's rows
   * @param extras per system, extra report columns
   * @param showcase the users shown in full
   * @param metrics the metrics of the table
   * @param users the evaluated users (for the report's note)
   */
  record Evaluated(
      List<EvaluationResult> results,
      List<SystemSummary> rows,
      Map<String, Map<String, Double>> extras,
      List<UserShowcase> showcase,
      List<Metric> metrics,
      int users) {}

  static Evaluated run(ExperimentRun run, RankerStage.Rankers systems) {
    ExperimentConfig config = run.config;
    LeaveOneOutSplit split = run.split;
    int k = config.k();
    UserSelection users =
        config.evalUsers() == 0
            ? UserSelection.all()
            : UserSelection.random(config.evalUsers(), config.seed());
    List<Metric> metrics = List.of(Metric.hr(k), Metric.ndcg(k));
    EvaluationMode mode = config.split();
    CandidateRecall chance =
        CandidateRecall.measure(
            split, mode, run.retriever, users.select(split.numUsers()), config.numCandidates(), k);
    run.notes.add(chance.describe(k));
    if (mode == EvaluationMode.VALIDATION && systems.tuning() != null) {
      run.notes.add(
          "This table is on the validation split, where the fusion weight was also chosen: the fused row is not"
              + " a held-out figure");
    }
    List<EvaluationResult> results = new ArrayList<>();
    List<SystemSummary> rows = new ArrayList<>();
    Map<String, Map<String, Double>> extras = new LinkedHashMap<>();
    Map<String, Palr> pipelines = new LinkedHashMap<>();
    Map<String, RecordingRanker> recorders = new LinkedHashMap<>();
    try {
      pipelines.put(run.retrieverRow, pipeline(run, run.retrieverRow, run.retriever, null));
      for (Map.Entry<String, LlmRanker> e : systems.rankers().entrySet()) {
        RecordingRanker rec = new RecordingRanker(e.getValue());
        recorders.put(e.getKey(), rec);
        pipelines.put(e.getKey(), pipeline(run, e.getKey(), run.retriever, rec));
      }
      for (Map.Entry<String, Palr> e : pipelines.entrySet()) {
        String name = e.getKey();
        String stage = "evaluate " + name;
        ExperimentRun.Stage st = run.stage(stage);
        Evaluator evaluator =
            Evaluator.builder(split)
                .mode(mode)
                .metrics(metrics)
                .users(users)
                .threads(1)
                .batchSize(name.equals(run.retrieverRow) ? 256 : 5)
                .progress((done, total) -> run.listener.progress(stage, done, total, ""))
                .build();
        EvaluationResult r = evaluator.evaluate(e.getValue(), k).renamed(name);
        RecordingRanker rec = recorders.get(name);
        double halluc = rec == null ? Double.NaN : rec.hallucinationRate();
        double fallback = r.extras().getOrDefault("fallback_rate", 0.0);
        double latency = r.extras().getOrDefault("latency_ms_per_user", Double.NaN);
        SystemSummary row =
            new SystemSummary(
                name,
                systems.modes().get(name),
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
      run.notes.addAll(truncationNotes(recorders));

      ExperimentRun.Stage st = run.stage("showcase");
      List<UserShowcase> showcase = showcase(run, users, pipelines, recorders);
      st.done(showcase.size() + " users");
      return new Evaluated(results, rows, extras, showcase, metrics, rows.get(0).users());
    } finally {
      pipelines.values().forEach(Palr::close);
    }
  }

  static Palr pipeline(
      ExperimentRun run, String name, CandidateRetriever retriever, LlmRanker ranker) {
    Palr.Builder b =
        Palr.builder()
            .name(name)
            .retriever(retriever)
            .profileGenerator(run.profiles)
            .catalog(run.split.catalog())
            .numCandidates(run.config.numCandidates())
            .latencyBudget(Duration.ofMinutes(10))
            .rankerThreads(1)
            .batchParallelism(1);
    if (ranker != null) {
      b.ranker(ranker);
    }
    return b.build();
  }

  private static List<UserShowcase> showcase(
      ExperimentRun run,
      UserSelection users,
      Map<String, Palr> pipelines,
      Map<String, RecordingRanker> recorders) {
    ExperimentConfig config = run.config;
    LeaveOneOutSplit split = run.split;
    int[] selected = users.select(split.numUsers());
    // the showcase explains each recommended item (template sentences from training-split evidence)
    Explanations why =
        Explanations.builder()
            .coOccurrence(
                CoOccurrenceEvidence.fromTraining(
                    run.trainingSplit == null ? split : run.trainingSplit))
            .domain(config.data().domain())
            .build();
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
        recs.put(e.getKey(), why.explain(history, e.getValue().recommend(history, config.k())));
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
              run.profiles.profile(history),
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
}
