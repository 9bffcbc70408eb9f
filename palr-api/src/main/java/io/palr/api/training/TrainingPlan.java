package io.palr.api.training;

import java.util.Objects;

/**
 * What a training loop is about to do.
 *
 * @param name what is trained, for messages (e.g. {@code sasrec})
 * @param maxEpochs the epoch bound (for step-bounded loops: the epochs the step bound spans)
 * @param stepsPerEpoch optimizer steps in one epoch
 * @param plannedSteps the step bound: {@code maxEpochs * stepsPerEpoch} or an explicit one
 * @param examples training examples in one epoch (sampling units: users or interactions for
 *     retrieval, prompt/response pairs for fine-tuning)
 * @param metric the validation metric, e.g. {@code NDCG@10} or {@code eval loss}
 * @param higherIsBetter whether a larger validation value is an improvement
 */
public record TrainingPlan(
    String name,
    int maxEpochs,
    long stepsPerEpoch,
    long plannedSteps,
    long examples,
    String metric,
    boolean higherIsBetter) {
  /** Checks the values. */
  public TrainingPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    if (maxEpochs < 1 || stepsPerEpoch < 0 || plannedSteps < 0 || examples < 0) {
      throw new IllegalArgumentException(
          "maxEpochs must be >= 1, steps >= 0: " + maxEpochs + ", " + stepsPerEpoch);
    }
  }

  /** Whether {@code value} improves on {@code best} (strictly; NaN never improves). */
  public boolean improves(double value, double best) {
    return higherIsBetter ? value > best : value < best;
  }

  /** The starting point of the best value: minus or plus infinity. */
  public double worst() {
    return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }
}
