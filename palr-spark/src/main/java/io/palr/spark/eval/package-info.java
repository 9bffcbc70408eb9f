/**
 * Distributed leave-one-out evaluation: HR@K, NDCG@K and MRR under the full and sampled protocols
 * with palr-eval's tie rule and negative seeding, per-user ranks computed in tasks and metrics
 * aggregated by Spark.
 */
package io.palr.spark.eval;
