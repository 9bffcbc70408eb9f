package io.palr.api.training;

/**
 * The training steps of one epoch are done (its validation, if any, comes next).
 *
 * @param epoch the 1-based epoch
 * @param step applied steps so far
 * @param meanLoss the mean loss of the epoch's applied steps
 * @param seconds wall time of the epoch's steps
 */
public record EpochEnd(int epoch, long step, double meanLoss, double seconds) {}
