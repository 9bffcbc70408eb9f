package io.palr.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.io.safetensors.SafetensorsWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class ExamplesTest {
  private static final Path SHARED = Path.of(System.getProperty("palr.shared", "../shared"));

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aNewItemIsRecommendedByItsTextWithoutRetraining(@TempDir Path dir) {
    NewItemExample.Outcome o = NewItemExample.run(dir, out);
    assertThat(o.before().items()).noneMatch(i -> i.item().id().equals(o.newItem().id()));
    assertThat(o.after().items()).anyMatch(i -> i.item().id().equals(o.newItem().id()));
    assertThat(o.embedded()).isEqualTo(1);
    assertThat(out()).contains("released: ").contains("1 embedded, 332 from the cache");
    assertThat(NewItemExample.nextInFranchise("Harbor of Stars III"))
        .isEqualTo("Harbor of Stars IV");
    assertThat(NewItemExample.nextInFranchise("Harbor of Stars")).isEqualTo("Harbor of Stars II");
  }

  @Test
  void minimalPipelineRecommendsTenUnseenItems() {
    Recommendation rec = MinimalPipeline.run(out);
    assertThat(rec.items()).hasSize(10);
    assertThat(rec.provenance().status()).isEqualTo(RankingStatus.RETRIEVER_ONLY);
    assertThat(rec.provenance().retriever()).isEqualTo("itemknn");
    assertThat(out()).contains("recommendations for u00001").contains("10. ");
  }

  @Test
  @Tag("slow")
  @Timeout(600)
  void sparkBatchExamplePreparesAndRecommendsForEveryUser(@TempDir Path dir) throws Exception {
    org.apache.spark.sql.SparkSession spark =
        io.palr.spark.session.SparkSessions.start(
            "examples-test", "local[2]", java.time.Duration.ofMinutes(2));
    try {
      var rows = SparkBatchExample.run(spark, dir, out);
      assertThat(rows).hasSize(10);
      assertThat(rows.get(0).getInt(1)).isEqualTo(1);
      assertThat(rows.get(0).getString(4)).isEqualTo("itemknn");
      assertThat(out()).contains("kept").containsPattern("\\d+ users, \\d+0 rows");
    } finally {
      spark.stop();
    }
  }

  @Test
  void customRetrieverRecommendsNewReleasesOfTheFavouriteGenre() {
    Recommendation rec = CustomRetrieverExample.run(new String[] {"u00002"}, out);
    assertThat(rec.items()).hasSize(5);
    String genre = out().lines().findFirst().orElseThrow().replaceFirst(".*: ", "");
    assertThat(rec.items()).allSatisfy(i -> assertThat(i.item().genres()).contains(genre));
    var years = rec.items().stream().mapToInt(i -> i.item().year().orElse(0)).toArray();
    for (int i = 1; i < years.length; i++) {
      assertThat(years[i]).isLessThanOrEqualTo(years[i - 1]);
    }
    assertThat(rec.provenance().retriever()).isEqualTo("new-releases");
  }

  @Test
  @Timeout(60)
  void remoteLlmRanksThroughAnOpenAiCompatibleServer() throws Exception {
    try (FakeCompletionsServer server = new FakeCompletionsServer()) {
      int code =
          RemoteLlmExample.run(
              Map.of(
                  "PALR_OPENAI_BASE_URL",
                  server.baseUrl(),
                  "PALR_OPENAI_MODEL",
                  "fake",
                  "PALR_OPENAI_MAX_ATTEMPTS",
                  "1"),
              out,
              err);
      assertThat(code).as(out() + err()).isZero();
      assertThat(server.requests.get()).isGreaterThanOrEqualTo(2);
      assertThat(out()).contains("profile: drama, romance, 1990s").contains("status: LLM_RANKED");
      assertThat(out().lines().filter(l -> l.matches("\\d\\. .*") && !l.endsWith(" *")).count())
          .isEqualTo(3);
    }
  }

  @Test
  void remoteLlmFailsClearlyWithoutAServer() {
    int code = RemoteLlmExample.run(Map.of(), out, err);
    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains("no OpenAI-compatible server configured")
        .contains("PALR_OPENAI_BASE_URL");
  }

  @Test
  void exportsInstructionDataAndLoadsAnAdapter(@TempDir Path dir) throws Exception {
    assertThat(InstructionDataExample.run(new String[] {dir.toString()}, out, err)).isZero();
    Path jsonl = dir.resolve("palr-instructions.jsonl");
    assertThat(Files.readAllLines(jsonl))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("{\"instruction\""));
    assertThat(InstructionDataExample.run(new String[] {}, out, err)).isEqualTo(2);

    Path base = SHARED.resolve("models/stories260K-hf");
    assumeTrue(
        Files.isRegularFile(base.resolve("model.safetensors")), "stories260K-hf not in " + SHARED);
    Path adapter = dir.resolve("adapter");
    Files.createDirectories(adapter);
    Files.writeString(
        adapter.resolve("adapter_config.json"),
        "{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 4, \"target_modules\": [\"q_proj\"]}");
    Random rnd = new Random(1);
    float[] a = new float[2 * 64];
    float[] b = new float[64 * 2];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian() * 0.01f;
      b[i] = (float) rnd.nextGaussian() * 0.01f;
    }
    new SafetensorsWriter()
        .putFloats("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", a, 2, 64)
        .putFloats("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", b, 64, 2)
        .write(adapter.resolve("adapter_model.safetensors"));
    int code =
        InstructionDataExample.run(
            new String[] {dir.toString(), base.toString(), adapter.toString()}, out, err);
    assertThat(code).as(out() + err()).isZero();
    assertThat(out())
        .contains("with adapter " + adapter)
        .contains("expected: ")
        .contains("model:    ");
  }
}
