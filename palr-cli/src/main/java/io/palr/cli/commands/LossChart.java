package io.palr.cli.commands;

import io.palr.eval.report.Charts;
import io.palr.eval.report.LossSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Draws the training-loss curve a trainer logged ({@code loss.csv}) as a PNG, with palr-eval's
 * report charts.
 */
final class LossChart {
  private LossChart() {}

  /**
   * Writes the chart.
   *
   * @param csv the loss CSV
   * @param png the PNG to write
   * @param name the series name
   * @return the PNG written, or empty when there is no loss CSV
   */
  static Optional<Path> write(Path csv, Path png, String name) {
    if (!Files.isRegularFile(csv)) {
      return Optional.empty();
    }
    LossSeries series = LossSeries.readCsv(csv, name);
    Charts.writePng(Charts.lossCurves(name + ": training loss", List.of(series)), png, 1000, 600);
    return Optional.of(png);
  }
}
