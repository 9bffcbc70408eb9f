package io.palr.api.training;

/**
 * One optimizer step.
 *
 * @param epoch the 1-based epoch the step belongs to
 * @param stepInEpoch the 1-based index of the step within its epoch (skipped steps included)
 * @param step applied steps so far, this one included (a skipped step carries the count before it)
 * @param plannedSteps the loop's step bound
 * @param epochs fractional epochs completed after this step
 * @param loss the step's loss (not finite for a skipped step)
 * @param learningRate the rate used
 * @param gradientNorm the global gradient norm before clipping (NaN where not computed)
 * @param units what the step consumed: samples (retrieval) or input tokens (fine-tuning)
 * @param elapsedSeconds training time so far, validation excluded
 */
public record TrainingStep(
    int epoch,
    long stepInEpoch,
    long step,
    long plannedSteps,
    double epochs,
    double loss,
    double learningRate,
    double gradientNorm,
    long units,
    double elapsedSeconds) {}
