/**
 * Leave-one-out ranking metrics (HR@K, NDCG@K, MRR), the position of a target in a ranking with
 * explicit tie handling, and tie policies.
 */
package io.palr.eval.metrics;
