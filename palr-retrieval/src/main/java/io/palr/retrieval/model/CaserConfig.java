package io.palr.retrieval.model;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;

/**
 * Caser hyper-parameters (defaults from Tang and Wang 2018).
 *
 * @param window L, the number of previous items the convolutions read
 * @param dim embedding width d
 * @param horizontalFilters filters per horizontal height h = 1..L
 * @param verticalFilters vertical filters
 * @param dropout dropout before the fully-connected layer
 */
public record CaserConfig(
    int window, int dim, int horizontalFilters, int verticalFilters, float dropout)
    implements ModelConfig {
  /** Validates the values. */
  public CaserConfig {
    Checks.positive("window", window);
    Checks.positive("dim", dim);
    Checks.positive("horizontalFilters", horizontalFilters);
    Checks.positive("verticalFilters", verticalFilters);
    Checks.rate("dropout", dropout);
  }

  /** Defaults: L 5, d 50, 16 horizontal and 4 vertical filters, dropout 0.5. */
  public static CaserConfig defaults() {
    return new CaserConfig(5, 50, 16, 4, 0.5f);
  }

  @Override
  public ModelType type() {
    return ModelType.CASER;
  }
}
