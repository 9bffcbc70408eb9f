package io.palr.eval.report;

import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.EvaluationSetup;
import io.palr.eval.stats.Comparison;
import io.palr.eval.stats.SignificanceTests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a comparison report shows: one row per system with the chosen metrics and extra
 * columns, significance tests of the best system against the others, HR@K/NDCG@K curves of the
 * measured systems, and training-loss curves. Immutable; build one with {@link #builder(String)}
 * and write it with {@link ReportWriter}.
 */
public final class Report {
  private final String title;
  private final List<String> notes;
  private final List<Metric> metrics;
  private final List<String> extraColumns;
  private final List<SystemRow> rows;
  private final Map<String, List<Comparison>> significance;
  private final int curveMaxK;
  private final List<LossSeries> lossCurves;

  private Report(Builder b, Map<String, List<Comparison>> significance) {
    this.title = b.title;
    this.metrics = List.copyOf(b.metrics);
    this.rows = List.copyOf(b.rows);
    this.curveMaxK = b.curveMaxK;
    this.lossCurves = List.copyOf(b.lossCurves);
    this.significance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(significance));
    if (b.extraColumns != null) {
      this.extraColumns = List.copyOf(b.extraColumns);
    } else {
      Set<String> cols = new LinkedHashSet<>();
      rows.forEach(r -> cols.addAll(r.extras().keySet()));
      this.extraColumns = List.copyOf(cols);
    }
    List<String> n = new ArrayList<>();
    Set<String> setups = new LinkedHashSet<>();
    for (SystemRow r : rows) {
      r.result().ifPresent(res -> setups.add(describe(res.setup())));
    }
    n.addAll(setups);
    n.addAll(b.notes);
    this.notes = List.copyOf(n);
  }

  /** Starts a report with a title, e.g. {@code "Beauty, test split"}. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** The title. */
  public String title() {
    return title;
  }

  /**
   * Lines describing how the numbers were produced (one per distinct evaluation setup) and caller
   * notes.
   */
  public List<String> notes() {
    return notes;
  }

  /** The metric columns. */
  public List<Metric> metrics() {
    return metrics;
  }

  /** The extra columns after the metrics. */
  public List<String> extraColumns() {
    return extraColumns;
  }

  /** All columns: metric names, then extra columns. */
  public List<String> columns() {
    List<String> c = new ArrayList<>();
    metrics.forEach(m -> c.add(m.name()));
    c.addAll(extraColumns);
    return c;
  }

  /** The systems, in insertion order. */
  public List<SystemRow> rows() {
    return rows;
  }

  /** The measured systems (rows with an evaluation result). */
  public List<EvaluationResult> results() {
    return rows.stream().map(SystemRow::result).flatMap(Optional::stream).toList();
  }

  /**
   * Best-versus-rest comparisons by metric name; empty when fewer than two systems were measured.
   */
  public Map<String, List<Comparison>> significance() {
    return significance;
  }

  /** The largest K of the HR@K/NDCG@K curves. */
  public int curveMaxK() {
    return curveMaxK;
  }

  /** Training-loss curves to chart. */
  public List<LossSeries> lossCurves() {
    return lossCurves;
  }

  /** The highest value of a column over all rows, or NaN when no row has it. */
  public double best(String column) {
    double best = Double.NaN;
    for (SystemRow r : rows) {
      double v = r.value(column);
      if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
        best = v;
      }
    }
    return best;
  }

  /** The comparison of the best system with {@code system} on a metric, if one was run. */
  public Optional<Comparison> comparison(String metric, String system) {
    return significance.getOrDefault(metric, List.of()).stream()
        .filter(c -> c.system().equals(system))
        .findFirst();
  }

  static String describe(EvaluationSetup s) {
    return s.dataset()
        + ", "
        + s.mode().name().toLowerCase(java.util.Locale.ROOT)
        + " targets, "
        + s.protocol()
        + " over "
        + s.numItems()
        + " items, "
        + s.tiePolicy().name().toLowerCase(java.util.Locale.ROOT)
        + " ties, users: "
        + s.users();
  }

  /** Configures a {@link Report}; not thread-safe. */
  public static final class Builder {
    private final String title;
    private final List<String> notes = new ArrayList<>();
    private List<Metric> metrics = Metric.standard(5, 10, 20);
    private List<String> extraColumns;
    private final List<Entry> entries = new ArrayList<>();
    private final List<SystemRow> rows = new ArrayList<>();
    private List<Metric> significanceMetrics;
    private SignificanceTests tests = SignificanceTests.defaults();
    private int curveMaxK = 50;
    private final List<LossSeries> lossCurves = new ArrayList<>();

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** The metric columns (default {@code Metric.standard(5, 10, 20)}). */
    public Builder metrics(List<Metric> metrics) {
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException("at least one metric");
      }
      this.metrics = List.copyOf(metrics);
      return this;
    }

    /** HR@K and NDCG@K for each K, then MRR. */
    public Builder cutoffs(int... ks) {
      return metrics(Metric.standard(ks));
    }

    /** A measured system, with its result's extras as extra columns. */
    public Builder add(EvaluationResult result) {
      return add(result, Map.of());
    }

    /**
     * A measured system with further extra columns supplied by the caller (e.g. a hallucination
     * rate).
     */
    public Builder add(EvaluationResult result, Map<String, Double> extras) {
      Objects.requireNonNull(result, "result");
      requireNewName(result.system());
      Map<String, Double> e = new LinkedHashMap<>(result.extras());
      e.putAll(extras);
      entries.add(new Entry(result.system(), Optional.of(result), e));
      return this;
    }

    /**
     * A row of numbers obtained elsewhere (e.g. published results): values whose key is a metric
     * column's name fill that column, the others are extra columns.
     */
    public Builder addRow(String system, Map<String, Double> values) {
      requireNewName(system);
      entries.add(new Entry(system, Optional.empty(), new LinkedHashMap<>(values)));
      return this;
    }

    /**
     * Exactly these extra columns, in this order (default: every extra any row has, in first-seen
     * order).
     */
    public Builder extraColumns(String... columns) {
      this.extraColumns = List.of(columns);
      return this;
    }

    /**
     * The metrics to test for significance (default: every metric column); none disables the tests.
     */
    public Builder significance(Metric... metrics) {
      this.significanceMetrics = List.of(metrics);
      return this;
    }

    /** The test settings (default {@link SignificanceTests#defaults()}). */
    public Builder significanceTests(SignificanceTests tests) {
      this.tests = Objects.requireNonNull(tests, "tests");
      return this;
    }

    /** The largest K of the HR@K/NDCG@K curves (default 50). */
    public Builder curveMaxK(int k) {
      Metric.checkCutoff(k);
      this.curveMaxK = k;
      return this;
    }

    /** A training-loss curve to chart. */
    public Builder lossCurve(LossSeries series) {
      lossCurves.add(Objects.requireNonNull(series, "series"));
      return this;
    }

    /** A free-text line for the report header (e.g. the command that produced it). */
    public Builder note(String line) {
      notes.add(Objects.requireNonNull(line, "line"));
      return this;
    }

    /** Builds the report, running the significance tests. */
    public Report build() {
      if (entries.isEmpty()) {
        throw new IllegalStateException("a report needs at least one system");
      }
      rows.clear();
      for (Entry en : entries) {
        Map<String, Double> m = new LinkedHashMap<>();
        Map<String, Double> e = new LinkedHashMap<>();
        if (en.result().isPresent()) {
          metrics.forEach(metric -> m.put(metric.name(), en.result().get().mean(metric)));
          e.putAll(en.values());
        } else {
          Set<String> metricNames = new LinkedHashSet<>();
          metrics.forEach(x -> metricNames.add(x.name()));
          en.values().forEach((k, v) -> (metricNames.contains(k) ? m : e).put(k, v));
        }
        rows.add(new SystemRow(en.system(), m, e, en.result()));
      }
      List<EvaluationResult> measured =
          entries.stream().map(Entry::result).flatMap(Optional::stream).toList();
      Map<String, List<Comparison>> sig = new LinkedHashMap<>();
      if (measured.size() >= 2) {
        for (Metric m : significanceMetrics == null ? metrics : significanceMetrics) {
          sig.put(m.name(), tests.compareToBest(measured, m));
        }
      }
      return new Report(this, sig);
    }

    private record Entry(
        String system, Optional<EvaluationResult> result, Map<String, Double> values) {}

    private void requireNewName(String system) {
      if (entries.stream().anyMatch(r -> r.system().equals(system))) {
        throw new IllegalArgumentException(
            "duplicate system name '" + system + "'; rename one result first");
      }
    }
  }
}
