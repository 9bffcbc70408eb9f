package io.palr.retrieval.model;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;

/**
 * BPR-MF hyper-parameters.
 *
 * @param factors latent dimension
 * @param historyLength most recent history items folded into the user factor
 * @param l2 L2 penalty on the factors used in a batch
 */
public record BprConfig(int factors, int historyLength, float l2) implements ModelConfig {
  /** Validates the values. */
  public BprConfig {
    Checks.positive("factors", factors);
    Checks.positive("historyLength", historyLength);
    if (l2 < 0) {
      throw new IllegalArgumentException("l2 must be >= 0: " + l2);
    }
  }

  /** Defaults: 64 factors, the last 50 items, l2 1e-5. */
  public static BprConfig defaults() {
    return new BprConfig(64, 50, 1e-5f);
  }

  @Override
  public ModelType type() {
    return ModelType.BPR;
  }
}
