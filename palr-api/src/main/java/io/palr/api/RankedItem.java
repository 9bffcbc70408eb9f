package io.palr.api;

import java.util.Objects;

/**
 * One entry of a {@link Recommendation}.
 *
 * @param item the recommended item
 * @param rank 1-based position in the recommendation
 * @param retrieverScore the score the retriever gave it
 * @param retriever name of the retriever that proposed it
 * @param llmRanked true when the LLM placed it at this position, false when it was back-filled in
 *     retriever order
 */
public record RankedItem(
    Item item, int rank, double retrieverScore, String retriever, boolean llmRanked) {
  /** Validates the components. */
  public RankedItem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(retriever, "retriever");
    if (rank < 1) {
      throw new IllegalArgumentException("rank is 1-based: " + rank);
    }
  }
}
