package io.palr.retrieval;

/**
 * Hyper-parameters of one retrieval model. Implementations are immutable records that Jackson can
 * read and write (they are stored in checkpoints) and whose no-argument factory {@code defaults()}
 * gives sensible values.
 */
public interface ModelConfig {
  /** The model kind, as accepted by {@link ModelType#parse}. */
  ModelType type();
}
