package io.palr.eval.report;

import java.util.Locale;

/** Number formatting shared by the report writers. */
final class Format {
  private Format() {}

  /** A metric or extra value for tables: 4 decimals below 100, 1 decimal above; "–" for NaN. */
  static String value(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4f", v);
  }

  /** A p-value: 4 decimals, or {@code <0.0001}. */
  static String pValue(double p) {
    return p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }

  /** A signed difference with 4 decimals. */
  static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }

  /** Full precision for machine-readable files; empty for NaN. */
  static String exact(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** Escapes a cell for a Markdown table. */
  static String md(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
  }
}
