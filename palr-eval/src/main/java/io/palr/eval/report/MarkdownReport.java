package io.palr.eval.report;

import io.palr.eval.stats.Comparison;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link Report} as Markdown. */
final class MarkdownReport {
  /** Marks a system significantly worse than the column's best system. */
  static final String WORSE = "†";

  /** Marks a significant difference in the significance tables. */
  static final String SIGNIFICANT = "*";

  private MarkdownReport() {}

  static String render(Report report, List<Path> charts, Path dir) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(report.title()).append("\n\n");
    for (String n : report.notes()) {
      sb.append("- ").append(n).append('\n');
    }
    if (!report.notes().isEmpty()) {
      sb.append('\n');
    }
    table(report, sb);
    significance(report, sb);
    if (!charts.isEmpty()) {
      sb.append("\n## Charts\n\n");
      for (Path c : charts) {
        String name = dir.relativize(c).toString().replace('\\', '/');
        sb.append("![").append(name).append("](").append(name).append(")\n\n");
      }
    }
    return sb.toString();
  }

  private static void table(Report report, StringBuilder sb) {
    List<String> cols = report.columns();
    sb.append("| System |");
    cols.forEach(c -> sb.append(' ').append(Format.md(c)).append(" |"));
    sb.append("\n|---|");
    cols.forEach(c -> sb.append("---:|"));
    sb.append('\n');
    int metricCount = report.metrics().size();
    for (SystemRow r : report.rows()) {
      sb.append("| ").append(Format.md(r.system())).append(" |");
      for (int i = 0; i < cols.size(); i++) {
        String c = cols.get(i);
        double v = r.value(c);
        String cell = Format.value(v);
        if (i < metricCount && !Double.isNaN(v) && v == report.best(c)) {
          cell = "**" + cell + "**";
        }
        Optional<Comparison> cmp = report.comparison(c, r.system());
        if (cmp.isPresent() && cmp.get().significant()) {
          cell += " " + WORSE;
        }
        sb.append(' ').append(cell).append(" |");
      }
      sb.append('\n');
    }
    sb.append("\nBold: best value in the column.");
    if (!report.significance().isEmpty()) {
      sb.append(" ")
          .append(WORSE)
          .append(
              ": significantly below the best measured system on that metric"
                  + " (paired t-test and paired bootstrap over users, both p < 0.05).");
    }
    sb.append('\n');
  }

  private static void significance(Report report, StringBuilder sb) {
    if (report.significance().isEmpty()) {
      return;
    }
    sb.append("\n## Significance\n\n");
    sb.append(
            "The best system on each metric against every other measured system, paired over the users both were "
                + "evaluated on. Δ = best − other. p-values are two-sided; ")
        .append(SIGNIFICANT)
        .append(" marks p < 0.05. The 95% interval of Δ is the bootstrap percentile interval.\n");
    for (Map.Entry<String, List<Comparison>> e : report.significance().entrySet()) {
      List<Comparison> cs = e.getValue();
      if (cs.isEmpty()) {
        continue;
      }
      Comparison first = cs.get(0);
      sb.append("\n### ")
          .append(Format.md(e.getKey()))
          .append(" (best: ")
          .append(Format.md(first.best()))
          .append(", mean ")
          .append(Format.value(first.bestMean()))
          .append(")\n\n");
      sb.append("| System | Mean | Δ | 95% interval of Δ | t | p (t-test) | p (bootstrap, B=")
          .append(first.bootstrap().resamples())
          .append(") | Users |\n");
      sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Comparison c : cs) {
        sb.append("| ")
            .append(Format.md(c.system()))
            .append(" | ")
            .append(Format.value(c.systemMean()))
            .append(" | ")
            .append(Format.signed(c.difference()))
            .append(" | [")
            .append(Format.signed(c.bootstrap().ciLow()))
            .append(", ")
            .append(Format.signed(c.bootstrap().ciHigh()))
            .append("]")
            .append(" | ")
            .append(Format.value(c.tTest().t()))
            .append(" | ")
            .append(mark(c.tTest().pValue()))
            .append(" | ")
            .append(mark(c.bootstrap().pValue()))
            .append(" | ")
            .append(c.n())
            .append(" |\n");
      }
    }
  }

  private static String mark(double p) {
    return Format.pValue(p) + (p < Comparison.ALPHA ? " " + SIGNIFICANT : "");
  }
}
