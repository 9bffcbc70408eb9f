package io.palr.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.api.Item;
import io.palr.api.RankedItem;
import io.palr.api.Recommendation;
import io.palr.core.instruct.InstructionExample;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A miniature PALR experiment end to end: tiny synthetic data, tiny model, one epoch. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class PalrExperimentTest {
  private static final SyntheticDataset.Config DATA =
      new SyntheticDataset.Config(80, 12, 6, 12, 0.55, 0.5, 3);

  @TempDir static Path tmp;
  private ExperimentResult result;
  private ExperimentConfig config;

  @BeforeAll
  void runMiniature() throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    config =
        ExperimentConfig.builder()
            .data(DataSpec.synthetic(DATA))
            .evalUsers(12)
            .sasrecEpochs(1)
            .llmEpochs(1)
            .llmBatchSize(8)
            .instructionUserRate(0.5)
            .numCandidates(15)
            .k(5)
            .maxHistoryItems(5)
            .maxTargets(5)
            .scratchContext(256)
            .responseReserve(64)
            .showcaseUsers(2)
            .v2Rankers(RankerKind.LIKELIHOOD, RankerKind.CONSTRAINED, RankerKind.GENERATIVE)
            .tuneUsers(12)
            .v1NoRepeatNgram(3)
            .outputDir(tmp.resolve("run"))
            .build();
    result = new PalrExperiment(config).run(ExperimentListener.none());
  }

  @Test
  void tableHasTheThreeSystemsWithValidMetrics() {
    assertThat(result.rows())
        .extracting(SystemSummary::system)
        .containsExactly(
            "SASRec",
            "PALR-v1",
            "PALR-v1 (no-repeat 3)",
            "PALR-v2 (likelihood)",
            "PALR-v2 (fused)",
            "PALR-v2 (constrained)",
            "PALR-v2 (generative)");
    for (SystemSummary r : result.rows()) {
      assertThat(r.hr()).isBetween(0.0, 1.0);
      assertThat(r.ndcg()).isBetween(0.0, r.hr());
      assertThat(r.fallbackRate()).isBetween(0.0, 1.0);
      assertThat(r.users()).isEqualTo(12);
      assertThat(r.latencyMsPerUser()).isGreaterThanOrEqualTo(0.0);
    }
    assertThat(result.row("SASRec").hallucinationRate()).isNaN();
    for (String generative : List.of("PALR-v1", "PALR-v1 (no-repeat 3)", "PALR-v2 (generative)")) {
      double rate = result.row(generative).hallucinationRate();
      assertThat(Double.isNaN(rate) || (rate >= 0 && rate <= 1))
          .as(generative + " rate " + rate)
          .isTrue();
    }
    assertThat(result.table())
        .contains("SASRec", "PALR-v1", "PALR-v2 (likelihood)", "HR@5", "NDCG@5");
  }

  @Test
  void constrainedAndLikelihoodRankersNeverHallucinate() {
    assertThat(result.row("PALR-v2 (likelihood)").hallucinationRate()).isZero();
    assertThat(result.row("PALR-v2 (constrained)").hallucinationRate()).isZero();
    assertThat(result.row("PALR-v2 (fused)").hallucinationRate()).isZero();
  }

  @Test
  void fusionWeightIsChosenOnValidationAndChanceIsReported() {
    assertThat(result.row("PALR-v2 (fused)").rankerMode())
        .matches("LLM \\+ SASRec, lambda=[0-9.]+ \\(val\\.\\)");
    assertThat(result.notes())
        .anyMatch(n -> n.startsWith("Fusion weight chosen on 12 validation users"))
        .anyMatch(n -> n.startsWith("Chance level: the test item is among SASRec's top-15"));
  }

  @Test
  void recommendationsHoldOnlyCatalogueItemsWithProvenance() throws Exception {
    Set<String> catalogue =
        SyntheticDataset.generate(DATA).catalog().items().stream()
            .map(Item::id)
            .collect(Collectors.toSet());
    assertThat(result.showcase()).hasSize(2);
    for (UserShowcase u : result.showcase()) {
      assertThat(u.recommendations().keySet())
          .containsExactlyElementsOf(result.rows().stream().map(SystemSummary::system).toList());
      assertThat(u.profile().keywords()).isNotEmpty();
      for (Recommendation rec : u.recommendations().values()) {
        assertThat(rec.items()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        Set<String> seen = new HashSet<>();
        for (RankedItem it : rec.items()) {
          assertThat(catalogue).contains(it.item().id());
          assertThat(seen.add(it.item().id())).as("no repeats").isTrue();
        }
        assertThat(rec.provenance().retriever()).isEqualTo("sasrec");
      }
    }
    assertThat(result.showcaseText()).contains("held-out test item", "profile");
  }

  @Test
  void reportFilesExistAndParse() throws Exception {
    Path dir = config.outputDir().resolve("report");
    assertThat(result.report().markdown()).exists();
    String md = Files.readString(result.report().markdown());
    assertThat(md).contains("PALR-v1", "PALR-v2 (constrained)", "SASRec");
    List<CSVRecord> rows;
    try (Reader r = Files.newBufferedReader(result.report().csv())) {
      rows =
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(r)
              .getRecords();
    }
    assertThat(rows)
        .extracting(rec -> rec.get("system"))
        .contains("SASRec", "PALR-v1", "PALR-v2 (likelihood)");
    for (CSVRecord rec : rows) {
      assertThat(Double.parseDouble(rec.get("HR@5"))).isBetween(0.0, 1.0);
    }
    JsonNode json = new ObjectMapper().readTree(result.report().json().toFile());
    assertThat(json.get("systems").size()).isEqualTo(7);
    assertThat(result.report().charts()).isNotEmpty().allSatisfy(p -> assertThat(p).exists());
    assertThat(result.report().charts().stream().map(p -> p.getFileName().toString()))
        .contains("loss.png");
    assertThat(dir.resolve("showcase.md")).exists();
    assertThat(config.outputDir().resolve("llm/training_log.csv")).exists();
    assertThat(config.outputDir().resolve("sasrec/loss.csv")).exists();
    assertThat(PalrExperiment.readTrainingLog(config.outputDir().resolve("llm/training_log.csv")))
        .extracting(s -> s.name())
        .contains("PALR fine-tuning (train)");
  }

  @Test
  void instructionDataNeverShowsAUsersOwnHeldOutItems() {
    LeaveOneOutSplit split = LeaveOneOutSplit.of(SyntheticDataset.generate(DATA));
    PalrPromptTemplate template =
        PalrPromptTemplate.builder(config.data().domain()).maxHistoryItems(5).build();
    List<InstructionExample> examples =
        new PalrExperiment(config.withOutputDir(tmp.resolve("unused")))
            .instructions(split, template, new AttributeProfileGenerator());
    assertThat(examples).isNotEmpty();
    for (InstructionExample ex : examples) {
      int u = userIndex(split, ex.userId());
      Set<String> train = new HashSet<>();
      for (int i : split.train(u)) {
        train.add(split.catalog().item(i).id());
      }
      assertThat(train).containsAll(ex.historyItemIds()).containsAll(ex.targetItemIds());
    }
    assertThat(PalrExperiment.leakage(split, examples).inHistoryOrLabel()).isZero();
    assertThat(result.notes()).anyMatch(n -> n.startsWith("Leakage check: 0 examples"));
  }

  private static int userIndex(LeaveOneOutSplit split, String userId) {
    for (int u = 0; u < split.numUsers(); u++) {
      if (split.userId(u).equals(userId)) {
        return u;
      }
    }
    throw new AssertionError("unknown user " + userId);
  }
}
