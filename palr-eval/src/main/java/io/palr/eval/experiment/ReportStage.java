package io.palr.eval.experiment;

import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.report.LossSeries;
import io.palr.eval.report.Report;
import io.palr.eval.report.ReportFiles;
import io.palr.eval.report.ReportWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Stage 7: the report folder (Markdown, CSV, JSON, charts with both loss curves), the showcase and
 * the summary, and the run's result.
 */
final class ReportStage {
  private ReportStage() {}

  static ExperimentResult run(
      ExperimentRun run,
      RankerStage.Rankers systems,
      EvaluationStage.Evaluated ev,
      ColdStartTable cold)
      throws IOException {
    ExperimentConfig config = run.config;
    EvaluationMode mode = config.split();
    int k = config.k();
    ExperimentRun.Stage st = run.stage("report");
    Report.Builder report =
        Report.builder(
                "PALR end to end: "
                    + config.data().name()
                    + ", LLM from "
                    + config.llm().name()
                    + ", "
                    + mode.name().toLowerCase(Locale.ROOT)
                    + " split")
            .metrics(ev.metrics())
            .curveMaxK(k)
            .extraColumns("hallucination_rate", "fallback_rate", "latency_ms_per_user");
    for (EvaluationResult r : ev.results()) {
      report.add(r, ev.extras().get(r.system()));
    }
    report.note(run.datasetLine);
    report.note(
        String.format(
            Locale.ROOT,
            "%d %s users (seeded sample), candidates = %s top-%d, k = %d; " + "ranker modes: %s",
            ev.users(),
            mode.name().toLowerCase(Locale.ROOT),
            run.retrieverRow,
            config.numCandidates(),
            k,
            systems.modes()));
    for (String n : run.notes) {
      report.note(n);
    }
    readTrainingLog(run.llmDir.resolve("training_log.csv")).forEach(report::lossCurve);
    Path sasLoss = run.sasrecDir.resolve("loss.csv");
    if (Files.exists(sasLoss)) {
      report.lossCurve(LossSeries.readCsv(sasLoss, "SASRec (train)"));
    }
    Path dir = run.out.resolve("report");
    ReportFiles files = ReportWriter.create().write(report.build(), dir);
    st.done(files.all().size() + " report files");
    ExperimentResult result =
        new ExperimentResult(
            config,
            run.datasetLine,
            ev.rows(),
            ev.showcase(),
            run.notes,
            files,
            run.stageSeconds,
            run.wallSeconds(),
            run.cpuSecondsUsed(),
            java.util.Optional.ofNullable(cold));
    Files.writeString(
        dir.resolve("showcase.md"),
        "# Showcase users\n\n```\n" + result.showcaseText() + "```\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("summary.txt"),
        result.table() + "\n" + (cold == null ? "" : cold.text() + "\n") + result.timing() + "\n",
        StandardCharsets.UTF_8);
    return result;
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
}
