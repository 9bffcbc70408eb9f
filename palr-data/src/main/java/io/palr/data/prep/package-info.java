/**
 * Preprocessing of raw interactions as in the PALR paper: implicit feedback (optional rating
 * threshold), stable chronological sort, per-user de-duplication, iterative k-core and dense
 * re-indexing. Entry point: {@link io.palr.data.prep.Preprocessor}.
 */
package io.palr.data.prep;
