package io.palr.retrieval.model;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;

/**
 * SASRec hyper-parameters (Kang and McAuley 2018). Defaults are the paper's Amazon Beauty setting.
 *
 * @param maxLength the most recent items the model reads (50 for sparse data, 200 for ML-1M)
 * @param hiddenSize embedding and hidden width d
 * @param blocks number of self-attention blocks
 * @param heads attention heads (must divide hiddenSize)
 * @param dropout dropout rate (0.5 for sparse data, 0.2 for ML-1M)
 * @param l2Embedding weight of an L2-norm penalty on the item embedding table (0 = off)
 */
public record SasRecConfig(
    int maxLength, int hiddenSize, int blocks, int heads, float dropout, float l2Embedding)
    implements ModelConfig {
  /** Validates the values. */
  public SasRecConfig {
    Checks.positive("maxLength", maxLength);
    Checks.positive("hiddenSize", hiddenSize);
    Checks.positive("blocks", blocks);
    Checks.positive("heads", heads);
    if (hiddenSize % heads != 0) {
      throw new IllegalArgumentException(
          "heads (" + heads + ") must divide hiddenSize (" + hiddenSize + ")");
    }
    Checks.rate("dropout", dropout);
    if (l2Embedding < 0) {
      throw new IllegalArgumentException("l2Embedding must be >= 0: " + l2Embedding);
    }
  }

  /** The paper's setting for sparse data (max length 50, d 50, 2 blocks, 1 head, dropout 0.5). */
  public static SasRecConfig defaults() {
    return new SasRecConfig(50, 50, 2, 1, 0.5f, 0f);
  }

  @Override
  public ModelType type() {
    return ModelType.SASREC;
  }
}
