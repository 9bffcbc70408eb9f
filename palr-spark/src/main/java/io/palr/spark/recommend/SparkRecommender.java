package io.palr.spark.recommend;

import io.palr.api.RankedItem;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.spark.io.OutputFolder;
import io.palr.spark.prep.InputException;
import io.palr.spark.prep.PreparedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Recommends for every user of a prepared folder with {@code mapPartitions} and writes one Parquet
 * row per recommended item: {@code user_id, rank, item_id, score} and the provenance ({@code
 * retriever, llm_ranked, back_filled, status, fallback_reason}).
 *
 * <p>Users go to tasks in batches of consecutive users ({@code retrievalBatch} of the pipeline;
 * batch {@code b} holds users {@code b*n .. b*n+n-1}), and each batch is one {@code recommendAll}
 * call, so that retrieval is one model call per batch and the output equals single-JVM {@code
 * Palr.recommendAll} for every user. The pipeline is built once per executor JVM. Rows are written
 * through Spark's output commit protocol, so a failed and retried task leaves no duplicate or
 * partial rows, into a temporary sibling folder renamed over the output when the job succeeds.
 */
public final class SparkRecommender {
  /** The output schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add("user_id", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("item_id", DataTypes.StringType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("retriever", DataTypes.StringType, false)
          .add("llm_ranked", DataTypes.BooleanType, false)
          .add("back_filled", DataTypes.BooleanType, false)
          .add("status", DataTypes.StringType, false)
          .add("fallback_reason", DataTypes.StringType, true);

  private final SparkSession spark;
  private final ExecutorResources.Factory<? extends ExecutorPipeline> factory;
  private final int k;
  private final int batch;
  private final int partitions;

  private SparkRecommender(Builder b) {
    this.spark = b.spark;
    this.factory = Objects.requireNonNull(b.factory, "factory");
    this.k = b.k;
    this.batch = b.batch;
    this.partitions = b.partitions > 0 ? b.partitions : spark.sparkContext().defaultParallelism();
  }

  /** Starts a builder. */
  public static Builder builder(SparkSession spark) {
    return new Builder(spark);
  }

  /**
   * What a run did.
   *
   * @param output the folder written
   * @param users users recommended for
   * @param rows rows written
   * @param pipelinesBuilt pipelines built by the tasks (one per executor JVM that ran a task)
   * @param elapsed wall time of the job
   */
  public record Result(
      String output, long users, long rows, long pipelinesBuilt, Duration elapsed) {
    /** Users per second of wall time. */
    public double usersPerSecond() {
      return users / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  /** Recommends for every user of a prepared folder (full sequences as histories). */
  public Result recommend(PreparedData data, String output) {
    Dataset<Row> users =
        data.sequences(spark)
            .select(PreparedData.USER_IDX, PreparedData.USER_ID, PreparedData.ITEMS);
    List<String> itemIds =
        data.items(spark)
            .orderBy(PreparedData.ITEM_IDX)
            .select(PreparedData.ITEM_ID)
            .as(Encoders.STRING())
            .collectAsList();
    return recommend(users, itemIds, output);
  }

  /**
   * Recommends for the users of a table.
   *
   * @param users {@code user_idx} (consecutive from 0: it decides the batches), {@code user_id} and
   *     {@code items} (item indices into {@code itemIds}, oldest first)
   * @param itemIds the item id of each index used in {@code users}
   * @param output the output folder
   */
  public Result recommend(Dataset<Row> users, List<String> itemIds, String output) {
    long start = System.nanoTime();
    OutputFolder out = OutputFolder.of(output, spark.sparkContext().hadoopConfiguration());
    Broadcast<List<String>> ids =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(List.copyOf(itemIds));
    LongAccumulator built = spark.sparkContext().longAccumulator("palr pipelines built");
    try {
      // counted here, not with an accumulator: a retried task would count its users twice
      long userCount = users.count();
      Dataset<Row> batched = UserBatches.assign(users, PreparedData.USER_IDX, batch, partitions);
      Dataset<Row> rows =
          batched.mapPartitions(
              new RecommendPartition(factory, ids, k, built), Encoders.row(SCHEMA));
      rows.write().parquet(out.staging());
      out.commit();
      long n = spark.read().parquet(OutputFolder.literal(out.target())).count();
      return new Result(
          out.target(), userCount, n, built.value(), Duration.ofNanos(System.nanoTime() - start));
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      ids.destroy();
    }
  }

  /** One task: batches of consecutive users through the executor's pipeline, rows out lazily. */
  static final class RecommendPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ExecutorResources.Factory<? extends ExecutorPipeline> factory;
    private final Broadcast<List<String>> itemIds;
    private final int k;
    private final LongAccumulator built;

    RecommendPartition(
        ExecutorResources.Factory<? extends ExecutorPipeline> factory,
        Broadcast<List<String>> itemIds,
        int k,
        LongAccumulator built) {
      this.factory = factory;
      this.itemIds = itemIds;
      this.k = k;
      this.built = built;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      if (!input.hasNext()) {
        return Collections.emptyIterator();
      }
      ExecutorPipeline pipeline = ExecutorResources.get(factory, () -> built.add(1));
      int[] toCatalog = indexMap(itemIds.value(), pipeline.catalog());
      // one pipeline call per batch of consecutive users
      return UserBatches.map(
          input,
          batch -> {
            List<UserHistory> hs = new ArrayList<>(batch.size());
            for (Row r : batch) {
              List<Integer> seq = r.getList(r.fieldIndex(PreparedData.ITEMS));
              hs.add(
                  InteractionDataset.toHistory(
                      r.getString(r.fieldIndex(PreparedData.USER_ID)),
                      toCatalog(seq, toCatalog),
                      pipeline.catalog()));
            }
            List<Row> pending = new ArrayList<>();
            for (Recommendation rec : pipeline.recommendAll(hs, k)) {
              for (RankedItem it : rec.items()) {
                pending.add(row(rec, it));
              }
            }
            return pending;
          });
    }

    private static Row row(Recommendation rec, RankedItem it) {
      RankingStatus status = rec.provenance().status();
      boolean backFilled = status == RankingStatus.LLM_RANKED && !it.llmRanked();
      return RowFactory.create(
          rec.userId(),
          it.rank(),
          it.item().id(),
          it.retrieverScore(),
          it.retriever(),
          it.llmRanked(),
          backFilled,
          status.name(),
          status == RankingStatus.FALLBACK_RETRIEVER_ORDER ? rec.provenance().detail() : null);
    }

    private static int[] indexMap(List<String> ids, Catalog catalog) {
      int[] map = new int[ids.size()];
      for (int i = 0; i < map.length; i++) {
        OptionalInt c = catalog.indexOf(ids.get(i));
        map[i] = c.isPresent() ? c.getAsInt() : -1;
      }
      return map;
    }

    /**
     * Prepared item indices to catalogue indices; items the pipeline's catalogue lacks are dropped.
     */
    private static int[] toCatalog(List<Integer> seq, int[] map) {
      int[] out = new int[seq.size()];
      int n = 0;
      for (Integer i : seq) {
        int c = i == null || i < 0 || i >= map.length ? -1 : map[i];
        if (c >= 0) {
          out[n++] = c;
        }
      }
      return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
  }

  /** Configures a {@link SparkRecommender}. */
  public static final class Builder {
    private final SparkSession spark;
    private ExecutorResources.Factory<? extends ExecutorPipeline> factory;
    private int k = 10;
    private int batch = io.palr.core.pipeline.Palr.DEFAULT_RETRIEVAL_BATCH;
    private int partitions;

    private Builder(SparkSession spark) {
      this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** The pipeline each executor builds (required). */
    public Builder pipeline(ExecutorResources.Factory<? extends ExecutorPipeline> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
      if (factory instanceof PipelineFactory p) {
        this.batch = p.retrievalBatch();
      }
      return this;
    }

    /** Items per user (default 10). */
    public Builder k(int k) {
      if (k < 1) {
        throw new InputException("k must be >= 1: " + k);
      }
      this.k = k;
      return this;
    }

    /**
     * Users per {@code recommendAll} call (default the pipeline's retrieval batch): batches of
     * consecutive user indices, each in one task.
     */
    public Builder batch(int n) {
      if (n < 1) {
        throw new InputException("batch must be >= 1: " + n);
      }
      this.batch = n;
      return this;
    }

    /** Tasks (default: Spark's default parallelism). */
    public Builder partitions(int n) {
      if (n < 1) {
        throw new InputException("partitions must be >= 1: " + n);
      }
      this.partitions = n;
      return this;
    }

    /** Builds the recommender. */
    public SparkRecommender build() {
      return new SparkRecommender(this);
    }
  }
}
