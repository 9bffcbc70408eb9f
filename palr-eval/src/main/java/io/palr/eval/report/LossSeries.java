package io.palr.eval.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A named training-loss curve, e.g. one trainer run. Read one from the CSV the palr trainers write
 * with {@link #readCsv(Path)}: a header with {@code step} and {@code loss} columns (any order,
 * case-insensitive), optional {@code epoch} and {@code lr} columns; other columns are ignored.
 *
 * @param name the series' legend label
 * @param points the logged steps, in file order
 */
public record LossSeries(String name, List<LossPoint> points) {
  /** Validates and copies the components. */
  public LossSeries {
    Objects.requireNonNull(name, "name");
    points = List.copyOf(points);
  }

  /** A series from parallel arrays of steps and losses. */
  public static LossSeries of(String name, long[] steps, double[] losses) {
    if (steps.length != losses.length) {
      throw new IllegalArgumentException("steps and losses differ in length");
    }
    List<LossPoint> p = new ArrayList<>(steps.length);
    for (int i = 0; i < steps.length; i++) {
      p.add(LossPoint.of(steps[i], losses[i]));
    }
    return new LossSeries(name, p);
  }

  /** Reads a loss CSV, naming the series after the file (without extension). */
  public static LossSeries readCsv(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return readCsv(file, dot > 0 ? n.substring(0, dot) : n);
  }

  /**
   * Reads a loss CSV.
   *
   * @throws ReportException naming the file, line and field when the file is missing a column, has
   *     a malformed number, or cannot be read
   */
  public static LossSeries readCsv(Path file, String name) {
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreHeaderCase(true)
            .get();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(r, format)) {
      Map<String, Integer> header = parser.getHeaderMap();
      String stepCol = column(header, "step", file, true);
      String lossCol = column(header, "loss", file, true);
      String epochCol = column(header, "epoch", file, false);
      String lrCol = column(header, "lr", file, false);
      List<LossPoint> points = new ArrayList<>();
      for (CSVRecord rec : parser) {
        long line = parser.getCurrentLineNumber();
        if (!rec.isConsistent()) {
          throw new ReportException(
              file
                  + " line "
                  + line
                  + ": expected "
                  + header.size()
                  + " fields, got "
                  + rec.size());
        }
        long step = (long) number(rec.get(stepCol), file, line, "step", false);
        double loss = number(rec.get(lossCol), file, line, "loss", true);
        int epoch =
            epochCol == null || rec.get(epochCol).isEmpty()
                ? -1
                : (int) number(rec.get(epochCol), file, line, "epoch", false);
        double lr =
            lrCol == null || rec.get(lrCol).isEmpty()
                ? Double.NaN
                : number(rec.get(lrCol), file, line, "lr", false);
        points.add(new LossPoint(step, loss, epoch, lr));
      }
      return new LossSeries(name, points);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ReportException("cannot read loss CSV " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ReportException("malformed loss CSV " + file + ": " + e.getMessage(), e);
    }
  }

  private static String column(
      Map<String, Integer> header, String wanted, Path file, boolean required) {
    if (header != null) {
      for (String h : header.keySet()) {
        if (h.strip().toLowerCase(Locale.ROOT).equals(wanted)) {
          return h;
        }
      }
    }
    if (required) {
      throw new ReportException(
          file
              + " line 1: missing column '"
              + wanted
              + "' (header: "
              + (header == null ? "none" : header.keySet())
              + "; expected step,loss[,epoch,lr])");
    }
    return null;
  }

  private static double number(String text, Path file, long line, String field, boolean allowNaN) {
    String t = text.strip();
    if (allowNaN && t.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(t);
      if (Double.isNaN(v) && !allowNaN) {
        throw new NumberFormatException("NaN");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ReportException(
          file + " line " + line + ", field '" + field + "': not a number: '" + text + "'");
    }
  }
}
