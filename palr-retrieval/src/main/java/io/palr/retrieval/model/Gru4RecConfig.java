package io.palr.retrieval.model;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;

/**
 * GRU4Rec hyper-parameters.
 *
 * @param maxLength the most recent items the model reads
 * @param hiddenSize embedding and GRU state width
 * @param dropout dropout on the embeddings and the GRU output
 */
public record Gru4RecConfig(int maxLength, int hiddenSize, float dropout) implements ModelConfig {
  /** Validates the values. */
  public Gru4RecConfig {
    Checks.positive("maxLength", maxLength);
    Checks.positive("hiddenSize", hiddenSize);
    Checks.rate("dropout", dropout);
  }

  /** Defaults: max length 50, width 64, dropout 0.25. */
  public static Gru4RecConfig defaults() {
    return new Gru4RecConfig(50, 64, 0.25f);
  }

  @Override
  public ModelType type() {
    return ModelType.GRU4REC;
  }
}
