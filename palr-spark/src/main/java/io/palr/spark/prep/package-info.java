/**
 * Distributed preparation of interaction logs: reading CSV, Parquet or JSON Lines, the rating
 * threshold, de-duplication, the iterative k-core, chronological order with palr's tie rule, the
 * leave-one-out split, Parquet output, and conversion to palr's snapshot.
 */
package io.palr.spark.prep;
