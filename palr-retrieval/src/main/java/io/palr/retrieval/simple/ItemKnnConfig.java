package io.palr.retrieval.simple;

import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.ModelType;

/**
 * ItemKNN hyper-parameters.
 *
 * @param window two items co-occur when at most this many positions apart in a training sequence
 * @param maxNeighbours neighbours kept per item
 * @param recencyDecay weight multiplier per step back in the history (1 = all history items count
 *     equally)
 * @param historyLength how many of the most recent history items vote
 */
public record ItemKnnConfig(int window, int maxNeighbours, double recencyDecay, int historyLength)
    implements ModelConfig {
  /** Validates the values. */
  public ItemKnnConfig {
    if (window < 1
        || maxNeighbours < 1
        || historyLength < 1
        || !(recencyDecay > 0 && recencyDecay <= 1)) {
      throw new IllegalArgumentException(
          "window, maxNeighbours, historyLength must be >= 1 and recencyDecay in (0,1]");
    }
  }

  /** Defaults: window 3, 100 neighbours, recency decay 0.7, the last 20 items vote. */
  public static ItemKnnConfig defaults() {
    return new ItemKnnConfig(3, 100, 0.7, 20);
  }

  @Override
  public ModelType type() {
    return ModelType.ITEMKNN;
  }
}
