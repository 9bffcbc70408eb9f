package io.palr.api;

import io.palr.api.explain.Explanation;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a {@link Recommendation}.
 *
 * @param item the recommended item
 * @param rank 1-based position in the recommendation
 * @param retrieverScore the score the retriever gave it
 * @param retriever name of the retriever that proposed it
 * @param llmRanked true when the LLM placed it at this position, false when it was back-filled in
 *     retriever order
 * @param explanation why it was recommended, when explanations were asked for
 */
public record RankedItem(
    Item item,
    int rank,
    double retrieverScore,
    String retriever,
    boolean llmRanked,
    Optional<Explanation> explanation) {
  /** Validates the components. */
  public RankedItem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(retriever, "retriever");
    Objects.requireNonNull(explanation, "explanation");
    if (rank < 1) {
      throw new IllegalArgumentException("rank is 1-based: " + rank);
    }
  }

  /** An entry without an explanation. */
  public RankedItem(
      Item item, int rank, double retrieverScore, String retriever, boolean llmRanked) {
    this(item, rank, retrieverScore, retriever, llmRanked, Optional.empty());
  }

  /** A copy carrying the given explanation. */
  public RankedItem withExplanation(Explanation explanation) {
    return new RankedItem(
        item,
        rank,
        retrieverScore,
        retriever,
        llmRanked,
        Optional.of(Objects.requireNonNull(explanation, "explanation")));
  }
}
