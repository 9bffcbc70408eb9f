/**
 * Batch recommendation on Spark: a serialisable {@link io.palr.spark.recommend.PipelineFactory}
 * builds palr's pipeline once per executor JVM ({@link io.palr.spark.recommend.ExecutorResources},
 * closed by {@link io.palr.spark.recommend.PalrSparkPlugin} when the executor ends), and {@link
 * io.palr.spark.recommend.SparkRecommender} recommends for every user with {@code mapPartitions},
 * writing Parquet through Spark's output commit protocol.
 */
package io.palr.spark.recommend;
