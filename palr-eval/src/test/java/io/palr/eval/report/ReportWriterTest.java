package io.palr.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.TestData;
import io.palr.eval.metrics.Metric;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.EvaluationResult;
import io.palr.eval.protocol.Evaluator;
import io.palr.eval.stats.PairedBootstrap;
import io.palr.eval.stats.SignificanceTests;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  /**
   * Scores the target highest for a {@code hitRate} share of users (by history hash), random
   * otherwise.
   */
  static ItemScorer noisyOracle(LeaveOneOutSplit split, double hitRate, long seed) {
    Map<List<Integer>, Integer> targets = new java.util.HashMap<>();
    for (int u = 0; u < split.numUsers(); u++) {
      targets.put(
          java.util.Arrays.stream(split.trainAndValidation(u)).boxed().toList(), split.testItem(u));
    }
    return new ItemScorer() {
      @Override
      public int numItems() {
        return split.numItems();
      }

      @Override
      public float[][] scoreAll(List<int[]> histories) {
        float[][] out = new float[histories.size()][split.numItems()];
        for (int i = 0; i < out.length; i++) {
          List<Integer> key = java.util.Arrays.stream(histories.get(i)).boxed().toList();
          SplittableRandom rng = new SplittableRandom(seed * 31 + key.hashCode());
          for (int j = 0; j < out[i].length; j++) {
            out[i][j] = (float) rng.nextDouble();
          }
          if (rng.nextDouble() < hitRate) {
            out[i][targets.get(key)] = 2f;
          }
        }
        return out;
      }
    };
  }

  static Report sampleReport(Path lossCsv) {
    LeaveOneOutSplit split = TestData.randomSplit(600, 300, 12, 17);
    Evaluator ev =
        Evaluator.builder(split)
            .mode(EvaluationMode.TEST)
            .metrics(Metric.standard(5, 10, 20))
            .build();
    EvaluationResult strong = ev.evaluate("SASRec (toy)", noisyOracle(split, 0.45, 1));
    EvaluationResult weak = ev.evaluate("BPR-MF (toy)", noisyOracle(split, 0.25, 2));
    EvaluationResult close = ev.evaluate("GRU4Rec (toy)", noisyOracle(split, 0.43, 3));
    EvaluationResult pop = ev.evaluate("Index order", TestData.indexOrder(300));
    Report.Builder b =
        Report.builder("Toy data set")
            .cutoffs(5, 10, 20)
            .add(strong, Map.of("hallucination rate", 0.0))
            .add(weak)
            .add(close)
            .add(pop)
            .addRow("PALR (paper)", Map.of("HR@10", 0.5, "NDCG@10", 0.3))
            .extraColumns("hallucination rate", "wall_ms_per_user")
            .significance(Metric.ndcg(10), Metric.hr(10))
            .significanceTests(new SignificanceTests(new PairedBootstrap(500, 3)))
            .curveMaxK(30)
            .note("produced by ReportWriterTest");
    if (lossCsv != null) {
      b.lossCurve(LossSeries.readCsv(lossCsv));
      double[] losses = new double[40];
      long[] steps = new long[40];
      for (int i = 0; i < 40; i++) {
        steps[i] = i * 25L;
        losses[i] = 0.9 * Math.exp(-i / 12.0) + 0.2;
      }
      b.lossCurve(LossSeries.of("sasrec", steps, losses));
    }
    return b.build();
  }

  @Test
  void writesParseableTablesAndDecodableCharts() throws Exception {
    // a fresh folder under target/ (kept, to look at the charts): an old one from a build before
    // reports were staged has no manifest, and the writer rightly refuses to replace it
    Path parent =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "report-test");
    Path dir = parent.resolve("report");
    Path lossCsv = parent.resolve("loss.csv");
    StringBuilder csv = new StringBuilder("step,loss,epoch,lr\n");
    for (int i = 0; i <= 60; i++) {
      csv.append(i * 10)
          .append(',')
          .append(2.5 * Math.exp(-i / 15.0) + 0.3 + 0.05 * Math.sin(i))
          .append(',')
          .append(i / 20)
          .append(",0.001\n");
    }
    Files.writeString(lossCsv, csv);
    Report report = sampleReport(lossCsv);
    ReportFiles files = ReportWriter.create().write(report, dir);

    assertThat(files.all()).allSatisfy(p -> assertThat(p).exists().isNotEmptyFile());
    assertThat(files.charts())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("metrics.png", "hr_at_k.png", "ndcg_at_k.png", "loss.png");
    for (Path png : files.charts()) {
      BufferedImage img = ImageIO.read(png.toFile());
      assertThat(img).as(png.toString()).isNotNull();
      assertThat(img.getWidth()).isEqualTo(1000);
      assertThat(img.getHeight()).isEqualTo(600);
    }

    EvaluationResult strong = report.results().get(0);
    try (Reader r = Files.newBufferedReader(files.csv());
        CSVParser p =
            CSVParser.parse(
                r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      assertThat(p.getHeaderNames())
          .containsExactly(
              "system",
              "HR@5",
              "NDCG@5",
              "HR@10",
              "NDCG@10",
              "HR@20",
              "NDCG@20",
              "MRR",
              "hallucination rate",
              "wall_ms_per_user");
      List<CSVRecord> rows = p.getRecords();
      assertThat(rows)
          .extracting(x -> x.get("system"))
          .containsExactly(
              "SASRec (toy)", "BPR-MF (toy)", "GRU4Rec (toy)", "Index order", "PALR (paper)");
      assertThat(Double.parseDouble(rows.get(0).get("NDCG@10")))
          .isEqualTo(strong.mean(Metric.ndcg(10)));
      assertThat(rows.get(0).get("hallucination rate")).isEqualTo("0.0");
      assertThat(rows.get(1).get("hallucination rate")).isEmpty();
      assertThat(rows.get(4).get("HR@10")).isEqualTo("0.5");
      assertThat(rows.get(4).get("HR@5")).isEmpty();
    }

    JsonNode json = new ObjectMapper().readTree(files.json().toFile());
    assertThat(json.get("title").asText()).isEqualTo("Toy data set");
    assertThat(json.get("systems")).hasSize(5);
    JsonNode s0 = json.get("systems").get(0);
    assertThat(s0.get("metrics").get("HR@10").asDouble()).isEqualTo(strong.mean(Metric.hr(10)));
    assertThat(s0.get("setup").get("mode").asText()).isEqualTo("TEST");
    assertThat(s0.get("setup").get("listLength").isNull()).isTrue();
    assertThat(json.get("systems").get(4).get("measured").asBoolean()).isFalse();
    JsonNode sig = json.get("significance").get("NDCG@10");
    assertThat(sig).hasSize(3);
    assertThat(sig.get(0).get("best").asText()).isEqualTo("SASRec (toy)");
    assertThat(json.get("curves").get("HR@K").get("Index order")).hasSize(30);
    assertThat(json.get("curves").get("HR@K").get("SASRec (toy)").get(9).asDouble())
        .isCloseTo(strong.mean(Metric.hr(10)), within(1e-12));
    assertThat(json.get("lossCurves")).hasSize(2);
    assertThat(json.get("files").get("charts")).hasSize(4);

    String md = Files.readString(files.markdown());
    assertThat(md)
        .startsWith("# Toy data set")
        .contains("| System | HR@5 |")
        .contains("## Significance")
        .contains("### NDCG@10 (best: SASRec (toy)")
        .contains("![metrics.png](metrics.png)")
        .contains("full ranking over 300 items");
    // the weak system is clearly worse: marked significant in the NDCG@10 table and with a dagger
    // in the main table
    String weakLine =
        md.lines()
            .filter(l -> l.startsWith("| BPR-MF (toy) |") && l.contains("["))
            .findFirst()
            .orElseThrow();
    assertThat(weakLine).contains("*");
    assertThat(md.lines().filter(l -> l.startsWith("| BPR-MF (toy) |")).findFirst().orElseThrow())
        .contains("†");

    try (Reader r = Files.newBufferedReader(files.perUserCsv().orElseThrow());
        CSVParser p =
            CSVParser.parse(
                r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      List<CSVRecord> rows = p.getRecords();
      assertThat(rows).hasSize(4 * 600);
      CSVRecord first = rows.get(0);
      assertThat(first.get("system")).isEqualTo("SASRec (toy)");
      assertThat(Double.parseDouble(first.get("NDCG@10")))
          .isEqualTo(strong.values(Metric.ndcg(10))[0]);
    }
  }

  @Test
  void chartSizeAndOptionalOutputs() throws Exception {
    Path dir = Files.createTempDirectory("palr-report");
    ReportFiles files =
        ReportWriter.create()
            .withChartSize(640, 400)
            .withPerUserCsv(false)
            .write(sampleReport(null), dir);
    assertThat(files.perUserCsv()).isEmpty();
    assertThat(files.charts()).hasSize(3);
    BufferedImage img = ImageIO.read(files.charts().get(0).toFile());
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(400);
    ReportFiles noCharts =
        ReportWriter.create().withCharts(false).write(sampleReport(null), dir.resolve("b"));
    assertThat(noCharts.charts()).isEmpty();
    assertThat(Files.readString(noCharts.markdown())).doesNotContain("## Charts");
  }
}
