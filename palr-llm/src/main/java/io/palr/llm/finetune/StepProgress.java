package io.palr.llm.finetune;

/**
 * The state after one optimizer step.
 *
 * @param step the 1-based step
 * @param totalSteps the steps of the run
 * @param epoch fractional epochs completed
 * @param loss the step's mean loss per scored token
 * @param learningRate the rate used
 * @param gradNorm the global gradient norm before clipping
 * @param tokensPerSecond input tokens (padding excluded) per second of training so far
 * @param elapsedSeconds training time so far (evaluation excluded)
 */
public record StepProgress(
    int step,
    int totalSteps,
    double epoch,
    double loss,
    double learningRate,
    double gradNorm,
    double tokensPerSecond,
    double elapsedSeconds) {}
