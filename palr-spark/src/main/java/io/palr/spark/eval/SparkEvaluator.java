package io.palr.spark.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.palr.api.scoring.ItemScorer;
import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.Ranks;
import io.palr.eval.metrics.TargetRank;
import io.palr.eval.metrics.TiePolicy;
import io.palr.eval.protocol.EvaluationMode;
import io.palr.eval.protocol.NegativeSampler;
import io.palr.eval.protocol.NegativeSampling;
import io.palr.eval.protocol.RankingProtocol;
import io.palr.spark.io.OutputFolder;
import io.palr.spark.prep.InputException;
import io.palr.spark.prep.PreparedData;
import io.palr.spark.recommend.ExecutorResources;
import io.palr.spark.recommend.PalrPipeline;
import io.palr.spark.recommend.PipelineFactory;
import io.palr.spark.recommend.UserBatches;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * palr-eval's {@code Evaluator} for an {@link ItemScorer} on Spark: the users of a prepared split
 * go to tasks in batches of consecutive split indices (the evaluator's batches: batch {@code b}
 * holds users {@code b*n .. b*n+n-1}), each batch is scored in one call by the model the executor
 * built once, and each user's target is ranked against every non-history item (full protocol) or
 * against sampled negatives drawn by palr-eval's {@link NegativeSampler} with the user's split
 * index as its seed (sampled protocol), with the same pessimistic tie rule. Per-user ranks are
 * therefore identical to palr-eval's; the means of the metrics are aggregated by Spark.
 */
public final class SparkEvaluator {
  private final SparkSession spark;
  private final PipelineFactory pipeline;
  private final EvaluationMode mode;
  private final RankingProtocol protocol;
  private final int[] cutoffs;
  private final TiePolicy tiePolicy;
  private final int batchSize;
  private final int partitions;

  private SparkEvaluator(Builder b) {
    this.spark = b.spark;
    this.pipeline = Objects.requireNonNull(b.pipeline, "pipeline");
    this.mode = b.mode;
    this.protocol = b.protocol;
    this.cutoffs = b.cutoffs.clone();
    this.tiePolicy = b.tiePolicy;
    this.batchSize = b.batchSize;
    this.partitions = b.partitions > 0 ? b.partitions : spark.sparkContext().defaultParallelism();
  }

  /** Starts a builder. */
  public static Builder builder(SparkSession spark) {
    return new Builder(spark);
  }

  /** The metrics: HR@K and NDCG@K for each cutoff, then MRR (palr-eval's standard set). */
  public List<Metric> metrics() {
    return Metric.standard(cutoffs);
  }

  /**
   * The outcome: metric means aggregated by Spark and the per-user table.
   *
   * @param system the system's name
   * @param protocol the protocol's description
   * @param means metric means by name, in the configured order
   * @param users users evaluated
   * @param perUser per-user rows: {@code split_idx, user_id, target, found, better, tied} and one
   *     column per metric
   * @param elapsed wall time
   */
  public record Result(
      String system,
      String protocol,
      Map<String, Double> means,
      long users,
      Dataset<Row> perUser,
      Duration elapsed) {}

  /** Evaluates the pipeline's retrieval model on a prepared folder's split. */
  public Result evaluate(String system, PreparedData data) {
    List<String> itemIds =
        data.items(spark)
            .orderBy(PreparedData.ITEM_IDX)
            .select(PreparedData.ITEM_ID)
            .as(Encoders.STRING())
            .collectAsList();
    return evaluate(system, data.split(spark), itemIds);
  }

  /**
   * Evaluates on a split table ({@code split_idx} consecutive from 0, {@code user_id}, {@code
   * train}, {@code validation}, {@code test}; item indices into {@code itemIds}).
   */
  public Result evaluate(String system, Dataset<Row> split, List<String> itemIds) {
    long start = System.nanoTime();
    List<Metric> metrics = metrics();
    Broadcast<List<String>> ids =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(List.copyOf(itemIds));
    try {
      StructType schema =
          new StructType()
              .add(PreparedData.SPLIT_IDX, DataTypes.IntegerType, false)
              .add(PreparedData.USER_ID, DataTypes.StringType, false)
              .add("target", DataTypes.IntegerType, false)
              .add("found", DataTypes.BooleanType, false)
              .add("better", DataTypes.IntegerType, false)
              .add("tied", DataTypes.IntegerType, false);
      for (Metric m : metrics) {
        schema = schema.add(m.name(), DataTypes.DoubleType, false);
      }
      Dataset<Row> batched =
          UserBatches.assign(split, PreparedData.SPLIT_IDX, batchSize, partitions);
      Dataset<Row> perUser =
          batched
              .mapPartitions(
                  new EvaluatePartition(
                      pipeline, ids, mode, ProtocolSpec.of(protocol), cutoffs, tiePolicy),
                  Encoders.row(schema))
              .cache();
      List<Column> aggs = new ArrayList<>();
      aggs.add(count(lit(1)));
      for (Metric m : metrics) {
        aggs.add(avg(col("`" + m.name() + "`")));
      }
      Row r = perUser.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
      long users = r.getLong(0);
      if (users == 0) {
        throw new InputException("the split has no users to evaluate");
      }
      Map<String, Double> means = new LinkedHashMap<>();
      for (int i = 0; i < metrics.size(); i++) {
        means.put(metrics.get(i).name(), r.getDouble(i + 1));
      }
      return new Result(
          system,
          protocol.describe(),
          Collections.unmodifiableMap(means),
          users,
          perUser,
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      ids.unpersist();
    }
  }

  /** Writes a result's per-user table as Parquet (through a temporary sibling folder). */
  public void writePerUser(Result result, String output) {
    OutputFolder out = OutputFolder.of(output, spark.sparkContext().hadoopConfiguration());
    try {
      result.perUser().orderBy(PreparedData.SPLIT_IDX).write().parquet(out.staging());
      out.commit();
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** A protocol as plain serialisable values (palr-eval's records stay out of task closures). */
  record ProtocolSpec(boolean sampled, int negatives, NegativeSampling sampling, long seed)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static ProtocolSpec of(RankingProtocol p) {
      return p instanceof RankingProtocol.Sampled s
          ? new ProtocolSpec(true, s.negatives(), s.sampling(), s.seed())
          : new ProtocolSpec(false, 0, NegativeSampling.UNIFORM, 0);
    }
  }

  /** What an executor keeps for evaluation: its pipeline's model and the negative sampler. */
  static final class Context implements AutoCloseable {
    final PalrPipeline pipeline;
    final NegativeSampler sampler;

    Context(PalrPipeline pipeline, NegativeSampler sampler) {
      this.pipeline = pipeline;
      this.sampler = sampler;
    }

    @Override
    public void close() {
      // the pipeline belongs to ExecutorResources under its own key
    }
  }

  /** Builds the sampler once per executor, over the pipeline's data, as palr-eval does. */
  record ContextFactory(PipelineFactory pipeline, EvaluationMode mode, ProtocolSpec protocol)
      implements ExecutorResources.Factory<Context>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String key() {
      return "palr-eval " + this;
    }

    @Override
    public Context create() {
      PalrPipeline p = ExecutorResources.get(pipeline);
      NegativeSampler sampler = null;
      if (protocol.sampled()) {
        sampler =
            protocol.sampling() == NegativeSampling.UNIFORM
                ? NegativeSampler.uniform(p.split().numItems(), protocol.seed())
                : NegativeSampler.popularity(p.split(), protocol.seed());
      }
      return new Context(p, sampler);
    }
  }

  /** One task: batches of consecutive split users scored in one call each. */
  static final class EvaluatePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ContextFactory factory;
    private final Broadcast<List<String>> itemIds;
    private final EvaluationMode mode;
    private final ProtocolSpec protocol;
    private final int[] cutoffs;
    private final TiePolicy tiePolicy;

    EvaluatePartition(
        PipelineFactory pipeline,
        Broadcast<List<String>> itemIds,
        EvaluationMode mode,
        ProtocolSpec protocol,
        int[] cutoffs,
        TiePolicy tiePolicy) {
      this.factory = new ContextFactory(pipeline, mode, protocol);
      this.itemIds = itemIds;
      this.mode = mode;
      this.protocol = protocol;
      this.cutoffs = cutoffs;
      this.tiePolicy = tiePolicy;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      if (!input.hasNext()) {
        return Collections.emptyIterator();
      }
      Context ctx = ExecutorResources.get(factory);
      ItemScorer scorer = ctx.pipeline.scorer();
      int[] map = indexMap(itemIds.value(), ctx.pipeline);
      List<Metric> metrics = Metric.standard(cutoffs);
      return UserBatches.map(
          input,
          batch -> {
            List<Row> pending = new ArrayList<>(batch.size());
            List<int[]> histories = new ArrayList<>(batch.size());
            int[] targets = new int[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
              Row r = batch.get(i);
              int[] train = mapAll(r.getList(r.fieldIndex(PreparedData.TRAIN)), map);
              int validation = map[r.getInt(r.fieldIndex(PreparedData.VALIDATION))];
              int test = map[r.getInt(r.fieldIndex(PreparedData.TEST))];
              if (mode == EvaluationMode.TEST) {
                int[] h = java.util.Arrays.copyOf(train, train.length + 1);
                h[train.length] = validation;
                histories.add(h);
                targets[i] = test;
              } else {
                histories.add(train);
                targets[i] = validation;
              }
            }
            float[][] scores = scorer.scoreAll(histories);
            for (int i = 0; i < batch.size(); i++) {
              Row r = batch.get(i);
              int u = r.getInt(r.fieldIndex(PreparedData.SPLIT_IDX));
              String userId = r.getString(r.fieldIndex(PreparedData.USER_ID));
              TargetRank rank =
                  ctx.sampler == null
                      ? Ranks.full(scores[i], targets[i], histories.get(i), userId)
                      : Ranks.sampled(
                          scores[i],
                          targets[i],
                          ctx.sampler.sample(u, targets[i], histories.get(i), protocol.negatives()),
                          userId);
              Object[] v = new Object[6 + metrics.size()];
              v[0] = u;
              v[1] = userId;
              v[2] = targets[i];
              v[3] = rank.found();
              v[4] = rank.better();
              v[5] = rank.tied();
              for (int m = 0; m < metrics.size(); m++) {
                v[6 + m] = tiePolicy.value(metrics.get(m), rank);
              }
              pending.add(RowFactory.create(v));
            }
            return pending;
          });
    }

    private static int[] indexMap(List<String> ids, PalrPipeline p) {
      int[] map = new int[ids.size()];
      for (int i = 0; i < map.length; i++) {
        OptionalInt c = p.catalog().indexOf(ids.get(i));
        if (c.isEmpty()) {
          throw new InputException(
              "item '"
                  + ids.get(i)
                  + "' of the prepared data is not in the model's catalogue "
                  + "(evaluate on the snapshot converted from the same prepared folder)");
        }
        map[i] = c.getAsInt();
      }
      return map;
    }

    private static int[] mapAll(List<Integer> seq, int[] map) {
      int[] out = new int[seq.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = map[seq.get(i)];
      }
      return out;
    }
  }

  /** Configures a {@link SparkEvaluator}. */
  public static final class Builder {
    private final SparkSession spark;
    private PipelineFactory pipeline;
    private EvaluationMode mode = EvaluationMode.TEST;
    private RankingProtocol protocol = RankingProtocol.full();
    private int[] cutoffs = {5, 10, 20};
    private TiePolicy tiePolicy = TiePolicy.PESSIMISTIC;
    private int batchSize = 256;
    private int partitions;

    private Builder(SparkSession spark) {
      this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** The model, as each executor builds it (required). */
    public Builder pipeline(PipelineFactory pipeline) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      return this;
    }

    /** Test (default) or validation targets. */
    public Builder mode(EvaluationMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Full (default) or sampled ranking. */
    public Builder protocol(RankingProtocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** Cutoffs K of HR@K and NDCG@K (default 5, 10, 20). */
    public Builder cutoffs(int... cutoffs) {
      Metric.standard(cutoffs); // validates
      this.cutoffs = cutoffs.clone();
      return this;
    }

    /** How ties are placed (default pessimistic). */
    public Builder tiePolicy(TiePolicy policy) {
      this.tiePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Users per scoring call (default 256, palr-eval's). */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new InputException("batch size must be >= 1: " + n);
      }
      this.batchSize = n;
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

    /** Builds the evaluator. */
    public SparkEvaluator build() {
      return new SparkEvaluator(this);
    }
  }
}
