package io.palr.spark.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.palr.spark.MovieLens100kFixture;
import io.palr.spark.TestSpark;
import io.palr.spark.prep.PreparedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional LLM stage on executors: an in-JVM LLaMA-architecture model (the tiny stories260K
 * from the shared folder) ranks ItemKNN's candidates for 16 users; every row carries its
 * provenance.
 */
class LlmRankedBatchTest {
  @TempDir Path tmp;

  @Test
  void anInJvmLlmRanksOnTheExecutorsAndTheRowsSayHowEachListCameAbout() throws Exception {
    Path model =
        Path.of(System.getProperty("palr.shared", "../shared"), "models", "stories260K-hf");
    assumeTrue(Files.isRegularFile(model.resolve("model.safetensors")), "stories260K-hf is absent");
    MovieLens100kFixture f = MovieLens100kFixture.get();
    SparkSession spark = TestSpark.session();
    PipelineFactory factory =
        PipelineFactory.of(f.snapshot().toString(), null)
            .withModelType("itemknn")
            .withNumCandidates(5)
            .withLlm(
                LlmSpec.local(model.toString(), null, null, "generative"),
                "movies",
                Duration.ofSeconds(60),
                1);
    Dataset<Row> users =
        f.prepared()
            .sequences(spark)
            .filter("user_idx < 16")
            .select("user_idx", "user_id", "items");
    List<String> itemIds =
        f.prepared()
            .items(spark)
            .orderBy(PreparedData.ITEM_IDX)
            .select(PreparedData.ITEM_ID)
            .as(Encoders.STRING())
            .collectAsList();
    SparkRecommender.Result r =
        SparkRecommender.builder(spark)
            .pipeline(factory)
            .k(3)
            .partitions(1)
            .build()
            .recommend(users, itemIds, tmp.resolve("llm").toString());
    assertThat(r.users()).isEqualTo(16);
    assertThat(r.rows()).isEqualTo(48);
    List<Row> rows = spark.read().parquet(r.output()).collectAsList();
    assertThat(rows)
        .allSatisfy(
            row -> {
              String status = row.getString(row.fieldIndex("status"));
              assertThat(status).isIn("LLM_RANKED", "FALLBACK_RETRIEVER_ORDER");
              boolean llm = row.getBoolean(row.fieldIndex("llm_ranked"));
              boolean backFilled = row.getBoolean(row.fieldIndex("back_filled"));
              if (status.equals("LLM_RANKED")) {
                assertThat(llm || backFilled).isTrue();
                assertThat(row.isNullAt(row.fieldIndex("fallback_reason"))).isTrue();
              } else {
                assertThat(llm).isFalse();
                assertThat(row.getString(row.fieldIndex("fallback_reason"))).isNotBlank();
              }
              assertThat(row.getString(row.fieldIndex("retriever"))).isEqualTo("itemknn");
            });
  }
}
