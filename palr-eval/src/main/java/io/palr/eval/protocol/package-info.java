/**
 * The leave-one-out evaluation protocol: validation and test modes over a {@link
 * io.palr.data.LeaveOneOutSplit}, full and sampled ranking, user selection, and the {@link
 * io.palr.eval.protocol.Evaluator} for item scorers, candidate retrievers and recommenders.
 */
package io.palr.eval.protocol;
