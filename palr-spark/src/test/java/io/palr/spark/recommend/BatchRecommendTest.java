package io.palr.spark.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.RankedItem;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.data.InteractionDataset;
import io.palr.spark.MovieLens100kFixture;
import io.palr.spark.SasRecFixture;
import io.palr.spark.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch recommendation on Spark against single-JVM {@code Palr.recommendAll}. */
class BatchRecommendTest {
  @TempDir Path tmp;

  @Test
  void sasrecOutputEqualsSingleJvmRecommendAllForEveryUserAndBuildsOncePerExecutor()
      throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    SparkSession spark = TestSpark.session();
    PipelineFactory factory =
        PipelineFactory.of(
            f.snapshot().toString(), SasRecFixture.checkpoint(f.converted()).toString());
    SparkRecommender.Result r =
        SparkRecommender.builder(spark)
            .pipeline(factory)
            .k(10)
            .partitions(3)
            .build()
            .recommend(f.prepared(), tmp.resolve("recs").toString());
    assertThat(r.users()).isEqualTo(943);
    assertThat(r.rows()).isEqualTo(9430);
    // three tasks ran on the one executor of local mode: one build, shared
    assertThat(ExecutorResources.builds(factory.key())).isEqualTo(1);

    Map<String, List<String>> expected = new java.util.HashMap<>();
    try (PalrPipeline single = factory.create()) {
      InteractionDataset d = single.dataset();
      List<UserHistory> histories = new ArrayList<>();
      for (int u = 0; u < d.numUsers(); u++) {
        histories.add(d.history(u));
      }
      for (Recommendation rec : single.palr().recommendAll(histories, 10)) {
        expected.put(rec.userId(), rec.items().stream().map(BatchRecommendTest::describe).toList());
      }
    }
    Map<String, List<String>> got = read(spark, r.output());
    assertThat(got).hasSize(943);
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      assertThat(got.get(e.getKey())).as("user %s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void aFailedAndRetriedTaskLeavesNoDuplicateOrPartialRows() throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    SparkSession spark = TestSpark.session();
    PipelineFactory itemknn =
        PipelineFactory.of(f.snapshot().toString(), null)
            .withModelType("itemknn")
            .withRetrievalBatch(64);
    SparkRecommender.Result clean =
        SparkRecommender.builder(spark)
            .pipeline(itemknn)
            .k(5)
            .partitions(3)
            .build()
            .recommend(f.prepared(), tmp.resolve("clean").toString());
    FailingOnce failing = new FailingOnce(itemknn);
    SparkRecommender.Result retried =
        SparkRecommender.builder(spark)
            .pipeline(failing)
            .batch(64)
            .k(5)
            .partitions(3)
            .build()
            .recommend(f.prepared(), tmp.resolve("retried").toString());
    assertThat(FailingOnce.FAILED).isNotEmpty(); // the failure did happen, after rows were emitted
    List<Row> rows = spark.read().parquet(retried.output()).collectAsList();
    Set<String> keys = new HashSet<>();
    for (Row row : rows) {
      assertThat(keys.add(row.getString(0) + "#" + row.getInt(1))).as("duplicate %s", row).isTrue();
    }
    assertThat(rows).hasSize(943 * 5);
    assertThat(read(spark, retried.output())).isEqualTo(read(spark, clean.output()));
  }

  /**
   * Fails the first attempt of the second task at its second batch, after the first was written.
   */
  record FailingOnce(PipelineFactory inner) implements ExecutorResources.Factory<ExecutorPipeline> {
    static final Set<Long> FAILED = ConcurrentHashMap.newKeySet();
    private static final Map<Long, Integer> BATCHES = new ConcurrentHashMap<>();

    @Override
    public String key() {
      return "failing-once " + inner.key();
    }

    @Override
    public ExecutorPipeline create() {
      PalrPipeline p = ExecutorResources.get(inner);
      return new ExecutorPipeline() {
        @Override
        public io.palr.data.Catalog catalog() {
          return p.catalog();
        }

        @Override
        public List<Recommendation> recommendAll(List<UserHistory> histories, int k) {
          TaskContext tc = TaskContext.get();
          int seen = BATCHES.merge(tc.taskAttemptId(), 1, Integer::sum);
          if (tc.partitionId() == 1 && tc.attemptNumber() == 0 && seen == 2) {
            FAILED.add(tc.taskAttemptId());
            throw new IllegalStateException("injected task failure");
          }
          return p.recommendAll(histories, k);
        }

        @Override
        public void close() {}
      };
    }
  }

  private static String describe(RankedItem it) {
    return it.rank()
        + " "
        + it.item().id()
        + " "
        + it.retrieverScore()
        + " "
        + it.retriever()
        + " "
        + it.llmRanked();
  }

  private static Map<String, List<String>> read(SparkSession spark, String path) {
    return spark.read().parquet(path).orderBy("user_id", "rank").collectAsList().stream()
        .collect(
            Collectors.groupingBy(
                r -> r.getString(0),
                Collectors.mapping(
                    r ->
                        r.getInt(1)
                            + " "
                            + r.getString(2)
                            + " "
                            + r.getDouble(3)
                            + " "
                            + r.getString(4)
                            + " "
                            + r.getBoolean(5),
                    Collectors.toList())));
  }
}
