package io.palr.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.core.rank.RankerKind;
import io.palr.data.synthetic.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miniature item-cold-start experiment: late-sequel data, cold items out of training, hybrid
 * candidates, the cold/warm table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("slow")
class ColdStartExperimentTest {
  private static final SyntheticDataset.Config DATA =
      new SyntheticDataset.Config(150, 30, 6, 14, 0.55, 0.5, 5, 0.6);

  @TempDir static Path tmp;
  private ExperimentResult result;

  @BeforeAll
  void run() throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    ExperimentConfig config =
        ExperimentConfig.builder()
            .data(DataSpec.synthetic(DATA))
            .evalUsers(20)
            .sasrecEpochs(2)
            .llmEpochs(1)
            .llmBatchSize(8)
            .instructionUserRate(0.3)
            .numCandidates(15)
            .k(5)
            .maxHistoryItems(5)
            .maxTargets(5)
            .scratchContext(256)
            .responseReserve(64)
            .showcaseUsers(1)
            .v2Rankers(RankerKind.LIKELIHOOD)
            .fusionGrid(java.util.List.of(0.0, 1.0))
            .tuneUsers(20)
            .candidates(CandidateSource.HYBRID)
            .coldItems(0.1)
            .outputDir(tmp.resolve("run"))
            .build();
    result = new PalrExperiment(config).run(ExperimentListener.none());
  }

  @Test
  void theMainTableRanksHybridCandidates() {
    assertThat(result.rows())
        .extracting(SystemSummary::system)
        .containsExactly("Hybrid", "PALR-v1", "PALR-v2 (likelihood)", "PALR-v2 (fused)");
    assertThat(result.row("PALR-v2 (fused)").rankerMode()).startsWith("LLM + Hybrid, lambda=");
    assertThat(result.notes())
        .anyMatch(n -> n.matches("(?s)Hybrid retriever: hybrid (RRF|score)\\(sasrec x1, text x.*"));
    assertThat(result.notes()).anyMatch(n -> n.startsWith("Item cold start: "));
  }

  @Test
  void theColdTableHasBothGroupsAndEverySystem() throws Exception {
    ColdStartTable t = result.coldStart().orElseThrow();
    assertThat(t.groups()).extracting(ColdStartTable.Group::name).containsExactly("cold", "warm");
    ColdStartTable.Group cold = t.group("cold");
    assertThat(cold.users()).isPositive();
    assertThat(cold.rows())
        .extracting(ColdStartTable.Row::system)
        .containsExactly(
            "Popularity", "SASRec", "Text", "Hybrid", "PALR-v2 (likelihood)", "PALR-v2 (fused)");
    // popularity is fitted without the cold items: it never hits a cold test item
    assertThat(cold.row("Popularity").hr()).isZero();
    // the text retriever reaches cold items; the late sequel follows its predecessor
    assertThat(cold.row("Text").hr()).isPositive();
    for (ColdStartTable.Group g : t.groups()) {
      for (ColdStartTable.Row r : g.rows()) {
        assertThat(r.hr()).isBetween(0.0, 1.0);
        assertThat(r.ndcg()).isBetween(0.0, r.hr());
      }
      assertThat(g.significance()).anyMatch(s -> s.startsWith("LLM stage: "));
    }
    assertThat(t.text()).contains("cold test users").contains("chance (Hybrid list)");
    assertThat(cold.examples()).isNotEmpty();
    assertThat(cold.examples().get(0)).contains("-> test item");
    assertThat(cold.examples()).anyMatch(e -> e.startsWith("    PALR-v2 (likelihood): "));
    String summary = Files.readString(tmp.resolve("run/report/summary.txt"));
    assertThat(summary).contains("Item cold start:");
  }
}
