package io.palr.core.parse;

import io.palr.api.Candidate;
import java.util.List;
import java.util.Objects;

/**
 * The result of parsing model output against a candidate list.
 *
 * @param items the matched candidates in output order, without duplicates
 * @param kinds how each of {@code items} was matched, parallel to it
 * @param hallucinations generated items that were not candidates (dropped)
 * @param parseFailures generated lines that matched no item at all (dropped)
 * @param duplicates candidates named again after their first mention (dropped)
 * @param rejected the text of the dropped hallucinations and parse failures, for diagnostics (at
 *     most 20)
 */
public record ParsedOutput(
    List<Candidate> items,
    List<MatchKind> kinds,
    int hallucinations,
    int parseFailures,
    int duplicates,
    List<String> rejected) {

  /** Validates and defensively copies the components. */
  public ParsedOutput {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    kinds = List.copyOf(Objects.requireNonNull(kinds, "kinds"));
    rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected"));
    if (items.size() != kinds.size()) {
      throw new IllegalArgumentException("items and kinds differ in length");
    }
  }
}
