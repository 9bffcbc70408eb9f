package io.palr.eval.report;

import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.function.IntFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report charts, drawn with JFreeChart in headless mode: metric bars per system, HR@K/NDCG@K
 * curves over K, and training-loss curves. Each chart has a title, labelled axes, a legend and
 * fonts sized for a 1000x600 PNG.
 */
public final class Charts {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A colour-blind-friendly palette (Okabe-Ito, then Tableau tones). */
  private static final Paint[] PALETTE = {
    new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115), new Color(213, 94, 0),
    new Color(204, 121, 167), new Color(86, 180, 233), new Color(120, 120, 120),
        new Color(240, 228, 66),
    new Color(140, 86, 75), new Color(23, 190, 207), new Color(148, 103, 189),
        new Color(188, 189, 34)
  };

  private static final Color GRID = new Color(210, 210, 210);

  private Charts() {}

  /**
   * Grouped bars: one group per metric, one bar per system, each bar labelled with its value.
   *
   * @param title the chart title
   * @param rows the systems
   * @param metrics the metric columns to draw (values in [0, 1])
   */
  public static JFreeChart metricBars(String title, List<SystemRow> rows, List<String> metrics) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (SystemRow r : rows) {
      for (String m : metrics) {
        double v = r.value(m);
        data.addValue(Double.isNaN(v) ? null : v, r.system(), m);
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, "Metric", "Value", data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    double max = 0;
    for (SystemRow r : rows) {
      for (String m : metrics) {
        double v = r.value(m);
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    // enough decimals for two significant digits of the largest value (0.000 would hide small
    // full-ranking numbers)
    int decimals = max > 0 ? Math.max(3, (int) Math.ceil(-Math.log10(max)) + 2) : 3;
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator(
            "{2}", new DecimalFormat("0." + "0".repeat(decimals))));
    renderer.setDefaultItemLabelsVisible(true);
    int bars = rows.size() * metrics.size();
    // vertical labels once bars get too narrow for horizontal ones
    boolean vertical = bars > 12;
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, bars > 24 ? 11 : 13));
    renderer.setDefaultPositiveItemLabelPosition(
        vertical
            ? new ItemLabelPosition(
                ItemLabelAnchor.OUTSIDE12,
                TextAnchor.CENTER_LEFT,
                TextAnchor.CENTER_LEFT,
                -Math.PI / 2)
            : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
    for (int i = 0; i < rows.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    // head room for the value labels
    range.setRange(0, max <= 0 ? 1 : max * (vertical ? 1.3 : 1.12));
    CategoryAxis domain = plot.getDomainAxis();
    domain.setCategoryMargin(0.15);
    if (metrics.size() > 8) {
      domain.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    return chart;
  }

  /**
   * A metric over cutoffs K = 1..maxK, one line per system; a list-based system's line stops at its
   * list length.
   *
   * @param title the chart title
   * @param yLabel the y-axis label, e.g. {@code HR@K}
   * @param results the measured systems
   * @param metricAtK the metric at a cutoff, e.g. {@code Metric::hr}
   * @param maxK the largest cutoff
   */
  public static JFreeChart cutoffCurves(
      String title,
      String yLabel,
      List<EvaluationResult> results,
      IntFunction<Metric> metricAtK,
      int maxK) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (EvaluationResult r : results) {
      XYSeries s = new XYSeries(r.system(), false, true);
      int last = Math.min(maxK, r.setup().listLength());
      for (int k = 1; k <= last; k++) {
        s.add(k, r.mean(metricAtK.apply(k)));
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "Cutoff K", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, maxK <= 20);
    styleLines(renderer, results.size());
    plot.setRenderer(renderer);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setRange(0.5, maxK + 0.5);
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setAutoRangeIncludesZero(true);
    return chart;
  }

  /**
   * Training loss over steps, one line per series; a log-scaled loss axis when all losses are
   * positive and span more than two orders of magnitude. NaN losses (diverged steps) are drawn as
   * gaps.
   */
  public static JFreeChart lossCurves(String title, List<LossSeries> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (LossSeries ls : series) {
      XYSeries s = new XYSeries(uniqueKey(data, ls.name()), false, true);
      for (LossPoint p : ls.points()) {
        s.add((double) p.step(), p.loss());
        if (Double.isFinite(p.loss())) {
          min = Math.min(min, p.loss());
          max = Math.max(max, p.loss());
          n++;
        }
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "Training step", "Loss", data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, n <= 40);
    renderer.setDrawSeriesLineAsPath(false);
    styleLines(renderer, series.size());
    plot.setRenderer(renderer);
    if (n > 0 && min > 0 && max / min > 100) {
      LogAxis log = new LogAxis("Loss (log scale)");
      log.setLabelFont(plot.getRangeAxis().getLabelFont());
      log.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
      log.setSmallestValue(min / 2);
      // ticks at powers of ten, labelled as plain numbers (not 10^0.6-style exponents)
      log.setAutoTickUnitSelection(false);
      log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
      log.setNumberFormatOverride(new DecimalFormat("0.######"));
      log.setMinorTickMarksVisible(true);
      log.setMinorTickCount(9);
      plot.setRangeAxis(log);
    } else {
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    }
    NumberAxis steps = (NumberAxis) plot.getDomainAxis();
    steps.setAutoRangeIncludesZero(false);
    steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    steps.setNumberFormatOverride(new DecimalFormat("0"));
    return chart;
  }

  /**
   * Writes a chart as a PNG.
   *
   * @throws ReportException if the file cannot be written or the chart cannot be drawn (e.g. no
   *     fonts installed)
   */
  public static void writePng(JFreeChart chart, Path file, int width, int height) {
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new ReportException("cannot write chart " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      throw new ReportException(
          "cannot draw chart " + file + " (headless AWT needs fonts, e.g. fonts-dejavu): " + e, e);
    }
  }

  private static String uniqueKey(XYSeriesCollection data, String name) {
    String key = name;
    for (int i = 2; data.getSeriesIndex(key) >= 0; i++) {
      key = name + " (" + i + ")";
    }
    return key;
  }

  private static void styleLines(XYLineAndShapeRenderer renderer, int n) {
    for (int i = 0; i < n; i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(
          i, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
  }

  private static void style(JFreeChart chart) {
    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
    theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(GRID);
    theme.setRangeGridlinePaint(GRID);
    theme.setDrawingSupplier(
        new DefaultDrawingSupplier(
            PALETTE,
            DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
            DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
    theme.apply(chart);
    chart.setPadding(new RectangleInsets(8, 8, 8, 16));
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setPosition(RectangleEdge.BOTTOM);
      legend.setFrame(BlockBorder.NONE);
      legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    }
    if (chart.getPlot() instanceof XYPlot xy) {
      xy.setDomainGridlinesVisible(true);
      xy.setRangeGridlinesVisible(true);
      xy.setOutlineVisible(false);
    } else if (chart.getPlot() instanceof CategoryPlot cp) {
      cp.setRangeGridlinesVisible(true);
      cp.setOutlineVisible(false);
    }
  }
}
