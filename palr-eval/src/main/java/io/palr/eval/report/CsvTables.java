package io.palr.eval.report;

import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.TiePolicy;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.UserResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the comparison table and the per-user outcomes as CSV (RFC 4180, header row, full
 * precision).
 */
final class CsvTables {
  private CsvTables() {}

  static void writeTable(Report report, Path file) throws IOException {
    List<String> header = new ArrayList<>();
    header.add("system");
    header.addAll(report.columns());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p =
            new CSVPrinter(
                w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (SystemRow r : report.rows()) {
        List<String> row = new ArrayList<>();
        row.add(r.system());
        for (String c : report.columns()) {
          row.add(Format.exact(r.value(c)));
        }
        p.printRecord(row);
      }
    }
  }

  static void writePerUser(Report report, Path file) throws IOException {
    List<String> header =
        new ArrayList<>(
            List.of(
                "system",
                "user_index",
                "user_id",
                "target_index",
                "found",
                "better",
                "tied",
                "position"));
    report.metrics().forEach(m -> header.add(m.name()));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter p =
            new CSVPrinter(
                w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (EvaluationResult r : report.results()) {
        TiePolicy policy = r.setup().tiePolicy();
        for (UserResult u : r.users()) {
          List<Object> row = new ArrayList<>();
          row.add(r.system());
          row.add(u.user());
          row.add(u.userId());
          row.add(u.target());
          row.add(u.rank().found());
          row.add(u.rank().better());
          row.add(u.rank().tied());
          row.add(Format.exact(u.position(policy)));
          for (Metric m : report.metrics()) {
            row.add(Format.exact(u.value(m, policy)));
          }
          p.printRecord(row);
        }
      }
    }
  }
}
