package io.palr.eval.report;

import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.io.output.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link Report} into a folder: {@code report.md} (table, significance, embedded charts),
 * {@code results.csv}, {@code results.json}, optionally {@code per_user.csv}, and PNG charts:
 * {@code metrics.png} (bars per system), {@code hr_at_k.png} and {@code ndcg_at_k.png} (curves over
 * K, measured systems only) and {@code loss.png} (when the report has loss curves). The folder is
 * written as a whole ({@link AtomicOutput}): an existing report folder is replaced only once the
 * new one is complete.
 *
 * <p>Immutable and thread-safe; {@code with...} methods return modified copies.
 */
public final class ReportWriter {
  private final int width;
  private final int height;
  private final boolean charts;
  private final boolean perUser;

  private ReportWriter(int width, int height, boolean charts, boolean perUser) {
    this.width = width;
    this.height = height;
    this.charts = charts;
    this.perUser = perUser;
  }

  /** Default settings: 1000x600 charts, per-user CSV on. */
  public static ReportWriter create() {
    return new ReportWriter(1000, 600, true, true);
  }

  /** A copy that draws charts of the given size in pixels (at least 200x150). */
  public ReportWriter withChartSize(int width, int height) {
    if (width < 200 || height < 150) {
      throw new IllegalArgumentException(
          "charts need at least 200x150 pixels: " + width + "x" + height);
    }
    return new ReportWriter(width, height, charts, perUser);
  }

  /** A copy that draws charts or not. */
  public ReportWriter withCharts(boolean enabled) {
    return new ReportWriter(width, height, enabled, perUser);
  }

  /** A copy that writes {@code per_user.csv} or not. */
  public ReportWriter withPerUserCsv(boolean enabled) {
    return new ReportWriter(width, height, charts, enabled);
  }

  /**
   * Writes the report.
   *
   * @param report the report
   * @param directory the output folder, created if missing
   * @return the paths written
   * @throws ReportException if a file cannot be written
   */
  public ReportFiles write(Report report, Path directory) {
    try (AtomicOutput out = AtomicOutput.folder(directory)) {
      ReportFiles files = writeInto(report, out.staging());
      out.commit(dir -> JsonReport.MAPPER.readTree(dir.resolve("results.json").toFile()));
      return out.nested() ? files : files.movedTo(directory);
    } catch (IOException e) {
      throw new ReportException("cannot write report to " + directory + ": " + e.getMessage(), e);
    }
  }

  private ReportFiles writeInto(Report report, Path directory) throws IOException {
    List<Path> chartFiles = charts ? writeCharts(report, directory) : List.of();
    Path csv = directory.resolve("results.csv");
    CsvTables.writeTable(report, csv);
    Optional<Path> perUserCsv = Optional.empty();
    if (perUser && !report.results().isEmpty()) {
      perUserCsv = Optional.of(directory.resolve("per_user.csv"));
      CsvTables.writePerUser(report, perUserCsv.get());
    }
    Path md = directory.resolve("report.md");
    Path json = directory.resolve("results.json");
    ReportFiles files = new ReportFiles(directory, md, csv, json, perUserCsv, chartFiles);
    Files.writeString(
        md, MarkdownReport.render(report, chartFiles, directory), StandardCharsets.UTF_8);
    JsonReport.write(report, json, files);
    return files;
  }

  private List<Path> writeCharts(Report report, Path dir) {
    List<Path> out = new ArrayList<>();
    List<String> metricNames = report.metrics().stream().map(Metric::name).toList();
    Path bars = dir.resolve("metrics.png");
    Charts.writePng(
        Charts.metricBars(report.title() + ": metrics", report.rows(), metricNames),
        bars,
        width,
        height);
    out.add(bars);
    List<EvaluationResult> measured = report.results();
    if (!measured.isEmpty()) {
      int k = report.curveMaxK();
      Path hr = dir.resolve("hr_at_k.png");
      Charts.writePng(
          Charts.cutoffCurves(report.title() + ": HR@K", "HR@K", measured, Metric::hr, k),
          hr,
          width,
          height);
      out.add(hr);
      Path ndcg = dir.resolve("ndcg_at_k.png");
      Charts.writePng(
          Charts.cutoffCurves(report.title() + ": NDCG@K", "NDCG@K", measured, Metric::ndcg, k),
          ndcg,
          width,
          height);
      out.add(ndcg);
    }
    if (!report.lossCurves().isEmpty()) {
      Path loss = dir.resolve("loss.png");
      Charts.writePng(
          Charts.lossCurves(report.title() + ": training loss", report.lossCurves()),
          loss,
          width,
          height);
      out.add(loss);
    }
    return out;
  }
}
