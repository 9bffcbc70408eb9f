package io.palr.eval.report;

/**
 * One logged training step.
 *
 * @param step the optimisation step (or any increasing x value)
 * @param loss the loss at that step; NaN for a diverged step (drawn as a gap)
 * @param epoch the epoch, or -1 when not logged
 * @param learningRate the learning rate, or NaN when not logged
 */
public record LossPoint(long step, double loss, int epoch, double learningRate) {
  /** A point with only step and loss. */
  public static LossPoint of(long step, double loss) {
    return new LossPoint(step, loss, -1, Double.NaN);
  }
}
