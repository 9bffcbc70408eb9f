/**
 * The job entry point: {@code spark-submit --class io.palr.spark.job.PalrSparkJob} on a cluster,
 * and {@code palr spark prepare|recommend|evaluate} on an embedded {@code local[*]} master.
 */
package io.palr.spark.job;
