package io.palr.api.training;

/**
 * One validation.
 *
 * @param epoch the epoch it followed (1-based; 0 for a validation before training)
 * @param step applied steps so far
 * @param value the validation metric (see {@link TrainingPlan#metric()})
 * @param best the best value so far, this one included
 * @param improved whether this value improved on every earlier one
 */
public record Validation(int epoch, long step, double value, double best, boolean improved) {}
