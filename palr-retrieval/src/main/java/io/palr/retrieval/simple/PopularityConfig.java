package io.palr.retrieval.simple;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;

/**
 * The popularity retriever has no hyper-parameters; this record exists so every model has a config.
 */
public record PopularityConfig() implements ModelConfig {
  /** The (only) configuration. */
  public static PopularityConfig defaults() {
    return new PopularityConfig();
  }

  @Override
  public ModelType type() {
    return ModelType.POP;
  }
}
