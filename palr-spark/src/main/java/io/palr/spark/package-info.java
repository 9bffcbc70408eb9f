/**
 * palr on Apache Spark: distributed data preparation ({@link io.palr.spark.prep}), batch
 * recommendation ({@link io.palr.spark.recommend}) and evaluation ({@link io.palr.spark.eval}).
 * Spark is a {@code provided} dependency: {@code spark-submit} supplies it on a cluster, and {@link
 * io.palr.spark.session.SparkSessions} starts an embedded {@code local[*]} master otherwise.
 */
package io.palr.spark;
