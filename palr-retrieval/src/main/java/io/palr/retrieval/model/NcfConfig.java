package io.palr.retrieval.model;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;
import java.util.List;

/**
 * NeuMF hyper-parameters.
 *
 * @param factors GMF latent dimension (also the MLP embedding dimension)
 * @param mlpLayers widths of the MLP tower's hidden layers (its input is 2 x factors)
 * @param historyLength most recent history items folded into the user factors
 * @param dropout dropout on the MLP tower
 */
public record NcfConfig(int factors, List<Integer> mlpLayers, int historyLength, float dropout)
    implements ModelConfig {
  /** Validates and copies the values. */
  public NcfConfig {
    Checks.positive("factors", factors);
    mlpLayers = List.copyOf(mlpLayers);
    if (mlpLayers.isEmpty()) {
      throw new IllegalArgumentException("mlpLayers must not be empty");
    }
    mlpLayers.forEach(v -> Checks.positive("mlpLayers[i]", v));
    Checks.positive("historyLength", historyLength);
    Checks.rate("dropout", dropout);
  }

  /** Defaults: 32 factors, MLP 32-16-8, the last 50 items, dropout 0.1. */
  public static NcfConfig defaults() {
    return new NcfConfig(32, List.of(32, 16, 8), 50, 0.1f);
  }

  @Override
  public ModelType type() {
    return ModelType.NCF;
  }
}
