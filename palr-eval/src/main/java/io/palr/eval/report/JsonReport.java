package io.palr.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.EvaluationSetup;
import io.palr.eval.stats.Comparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Writes a {@link Report} as JSON; non-finite numbers become {@code null}. */
final class JsonReport {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static void write(Report report, Path file, ReportFiles files) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("title", report.title());
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode metrics = root.putArray("metrics");
    report.metrics().forEach(m -> metrics.add(m.name()));
    ArrayNode extras = root.putArray("extraColumns");
    report.extraColumns().forEach(extras::add);
    ArrayNode systems = root.putArray("systems");
    for (SystemRow r : report.rows()) {
      ObjectNode s = systems.addObject();
      s.put("system", r.system());
      s.put("measured", r.result().isPresent());
      putAll(s.putObject("metrics"), r.metrics());
      putAll(s.putObject("extras"), r.extras());
      r.result()
          .ifPresent(
              res -> {
                s.put("users", res.numUsers());
                num(s, "elapsedSeconds", res.elapsed().toNanos() / 1e9);
                setup(s.putObject("setup"), res.setup());
              });
    }
    ObjectNode sig = root.putObject("significance");
    for (Map.Entry<String, List<Comparison>> e : report.significance().entrySet()) {
      ArrayNode arr = sig.putArray(e.getKey());
      for (Comparison c : e.getValue()) {
        ObjectNode o = arr.addObject();
        o.put("best", c.best());
        o.put("system", c.system());
        num(o, "bestMean", c.bestMean());
        num(o, "systemMean", c.systemMean());
        num(o, "difference", c.difference());
        o.put("users", c.n());
        ObjectNode t = o.putObject("tTest");
        num(t, "t", c.tTest().t());
        t.put("df", c.tTest().df());
        num(t, "p", c.tTest().pValue());
        num(t, "ciLow", c.tTest().ciLow());
        num(t, "ciHigh", c.tTest().ciHigh());
        ObjectNode b = o.putObject("bootstrap");
        num(b, "p", c.bootstrap().pValue());
        num(b, "ciLow", c.bootstrap().ciLow());
        num(b, "ciHigh", c.bootstrap().ciHigh());
        b.put("resamples", c.bootstrap().resamples());
        o.put("significant", c.significant());
      }
    }
    ObjectNode curves = root.putObject("curves");
    curves.put("maxK", report.curveMaxK());
    curve(curves.putObject("HR@K"), report, Metric::hr);
    curve(curves.putObject("NDCG@K"), report, Metric::ndcg);
    ArrayNode losses = root.putArray("lossCurves");
    for (LossSeries ls : report.lossCurves()) {
      ObjectNode o = losses.addObject();
      o.put("name", ls.name());
      o.put("points", ls.points().size());
      ls.points().stream()
          .filter(p -> Double.isFinite(p.loss()))
          .reduce((a, b) -> b)
          .ifPresent(
              p -> {
                o.put("lastStep", p.step());
                num(o, "lastLoss", p.loss());
              });
    }
    ObjectNode f = root.putObject("files");
    f.put("markdown", name(files, files.markdown()));
    f.put("csv", name(files, files.csv()));
    files.perUserCsv().ifPresent(p -> f.put("perUserCsv", name(files, p)));
    ArrayNode charts = f.putArray("charts");
    files.charts().forEach(c -> charts.add(name(files, c)));
    MAPPER.writeValue(file.toFile(), root);
  }

  private static String name(ReportFiles files, Path p) {
    return files.directory().relativize(p).toString().replace('\\', '/');
  }

  private static void curve(ObjectNode node, Report report, IntFunction<Metric> metricAtK) {
    for (EvaluationResult r : report.results()) {
      ArrayNode arr = node.putArray(r.system());
      int last = Math.min(report.curveMaxK(), r.setup().listLength());
      for (int k = 1; k <= last; k++) {
        arr.add(r.mean(metricAtK.apply(k)));
      }
    }
  }

  private static void setup(ObjectNode o, EvaluationSetup s) {
    o.put("dataset", s.dataset());
    o.put("mode", s.mode().name());
    o.put("protocol", s.protocol());
    o.put("tiePolicy", s.tiePolicy().name());
    o.put("numItems", s.numItems());
    if (s.listLength() == Metric.NO_CUTOFF) {
      o.putNull("listLength");
    } else {
      o.put("listLength", s.listLength());
    }
    o.put("users", s.users());
  }

  private static void putAll(ObjectNode o, Map<String, Double> values) {
    values.forEach((k, v) -> num(o, k, v));
  }

  private static void num(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
