package io.palr.api;

import java.util.Objects;

/**
 * An item proposed by a retriever for a user, with the retriever's score.
 *
 * @param item the proposed item
 * @param score the retriever's score (higher is better; comparable only within one retriever's
 *     list)
 * @param source name of the retriever that proposed it (provenance)
 */
public record Candidate(Item item, double score, String source) {
  /** Validates the components. */
  public Candidate {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(source, "source");
  }
}
