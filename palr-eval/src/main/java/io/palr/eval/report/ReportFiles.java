package io.palr.eval.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files a {@link ReportWriter} wrote.
 *
 * @param directory the output folder
 * @param markdown the Markdown report ({@code report.md})
 * @param csv the comparison table as CSV ({@code results.csv})
 * @param json the whole report as JSON ({@code results.json})
 * @param perUserCsv per-user ranks and metric values of every measured system ({@code
 *     per_user.csv}), if written
 * @param charts the PNG charts, in the order the Markdown shows them
 */
public record ReportFiles(
    Path directory,
    Path markdown,
    Path csv,
    Path json,
    Optional<Path> perUserCsv,
    List<Path> charts) {
  /** Validates and copies the components. */
  public ReportFiles {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(csv, "csv");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(perUserCsv, "perUserCsv");
    charts = List.copyOf(charts);
  }

  /** The same files, moved from {@link #directory()} to {@code to}. */
  public ReportFiles movedTo(Path to) {
    return new ReportFiles(
        to,
        to.resolve(directory.relativize(markdown)),
        to.resolve(directory.relativize(csv)),
        to.resolve(directory.relativize(json)),
        perUserCsv.map(p -> to.resolve(directory.relativize(p))),
        charts.stream().map(p -> to.resolve(directory.relativize(p))).toList());
  }

  /** Every file written. */
  public List<Path> all() {
    List<Path> all = new ArrayList<>(List.of(markdown, csv, json));
    perUserCsv.ifPresent(all::add);
    all.addAll(charts);
    return all;
  }
}
