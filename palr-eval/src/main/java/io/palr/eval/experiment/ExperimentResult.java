package io.palr.eval.experiment;

import io.palr.api.RankedItem;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.eval.report.ReportFiles;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link PalrExperiment} measured.
 *
 * @param config the settings it ran with
 * @param dataset a one-line description of the data set and split
 * @param rows the table: SASRec, PALR-v1, then one PALR-v2 row per ranker mode
 * @param showcase users shown in full
 * @param notes decisions and caveats worth reporting (also in the Markdown report)
 * @param report the report files written
 * @param stageSeconds wall time per stage, in order
 * @param wallSeconds wall time of the whole run
 * @param cpuSeconds CPU time of the process during the run (all threads)
 * @param coldStart the item-cold-start table, when the run had cold items
 */
public record ExperimentResult(
    ExperimentConfig config,
    String dataset,
    List<SystemSummary> rows,
    List<UserShowcase> showcase,
    List<String> notes,
    ReportFiles report,
    Map<String, Double> stageSeconds,
    double wallSeconds,
    double cpuSeconds,
    java.util.Optional<ColdStartTable> coldStart) {

  /** Defensively copies the components. */
  public ExperimentResult {
    rows = List.copyOf(rows);
    showcase = List.copyOf(showcase);
    notes = List.copyOf(notes);
    stageSeconds =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageSeconds));
    java.util.Objects.requireNonNull(coldStart, "coldStart");
  }

  /** The row of the named system. */
  public SystemSummary row(String system) {
    return rows.stream()
        .filter(r -> r.system().equals(system))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no system '" + system + "' in " + rows));
  }

  /** The table as fixed-width text. */
  public String table() {
    int k = config.k();
    StringBuilder sb = new StringBuilder();
    String head =
        String.format(
            Locale.ROOT,
            "%-24s %-32s %8s %8s %13s %9s %12s%n",
            "system",
            "ranker",
            "HR@" + k,
            "NDCG@" + k,
            "hallucination",
            "fallback",
            "ms/user");
    sb.append(head).append("-".repeat(head.length() - 1)).append('\n');
    for (SystemSummary r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-24s %-32s %8.4f %8.4f %13s %9s %12.1f%n",
              r.system(),
              r.rankerMode(),
              r.hr(),
              r.ndcg(),
              pct(r.hallucinationRate()),
              pct(r.fallbackRate()),
              r.latencyMsPerUser()));
    }
    return sb.toString();
  }

  /** The showcase users as text: history, profile, each system's list with provenance. */
  public String showcaseText() {
    StringBuilder sb = new StringBuilder();
    for (UserShowcase u : showcase) {
      sb.append("User ")
          .append(u.userId())
          .append(" (")
          .append(u.historyLength())
          .append(" items; last ")
          .append(u.recentHistory().size())
          .append(")\n");
      for (String t : u.recentHistory()) {
        sb.append("    - ").append(t).append('\n');
      }
      sb.append("  profile: ")
          .append(u.profile().keywords())
          .append(" [")
          .append(u.profile().source())
          .append("]\n");
      sb.append("  held-out test item: ").append(u.testItem()).append('\n');
      for (Map.Entry<String, Recommendation> e : u.recommendations().entrySet()) {
        Recommendation rec = e.getValue();
        sb.append("  ")
            .append(e.getKey())
            .append(": status ")
            .append(rec.provenance().status())
            .append(", ranker ")
            .append(rec.provenance().ranker())
            .append(", hallucinations ")
            .append(rec.provenance().hallucinations());
        if (!rec.provenance().detail().isEmpty()) {
          sb.append(", ").append(rec.provenance().detail());
        }
        sb.append('\n');
        for (RankedItem it : rec.items()) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "    %2d. %s%s%s%n",
                  it.rank(),
                  it.item().title(),
                  it.llmRanked() || rec.provenance().status() != RankingStatus.LLM_RANKED
                      ? ""
                      : "  (retriever back-fill)",
                  it.item().title().equals(u.testItem()) ? "   <== test item" : ""));
          it.explanation()
              .ifPresent(x -> sb.append("        why: ").append(x.sentence()).append('\n'));
        }
        String raw = u.rawOutputs().get(e.getKey());
        if (raw != null) {
          String oneLine = raw.replace('\n', '|');
          sb.append("    raw output: ")
              .append(oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine)
              .append('\n');
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The timing summary: wall and CPU time and the per-stage wall times. */
  public String timing() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "wall %.1fs, CPU %.1fs (%d cores available)",
                wallSeconds,
                cpuSeconds,
                Runtime.getRuntime().availableProcessors()));
    stageSeconds.forEach((s, t) -> sb.append(String.format(Locale.ROOT, "; %s %.1fs", s, t)));
    return sb.toString();
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
