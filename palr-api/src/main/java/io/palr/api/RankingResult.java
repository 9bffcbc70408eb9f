package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * Output of {@link LlmRanker#rank}.
 *
 * @param ranked candidates the model put in order, best first; only ever members of the request's
 *     candidate list, without duplicates, possibly fewer than requested (the pipeline back-fills)
 * @param rawOutput the model's raw text (empty for scoring rankers), kept for diagnostics
 * @param hallucinations generated items that were not candidates and were dropped
 * @param parseFailures generated lines that matched no item at all
 * @param detail a human-readable note for provenance (e.g. that the prompt budget forced fewer
 *     candidates); empty when there is nothing to say
 */
public record RankingResult(
    List<Candidate> ranked,
    String rawOutput,
    int hallucinations,
    int parseFailures,
    String detail) {
  /** Validates and defensively copies the components. */
  public RankingResult {
    ranked = List.copyOf(Objects.requireNonNull(ranked, "ranked"));
    Objects.requireNonNull(rawOutput, "rawOutput");
    Objects.requireNonNull(detail, "detail");
    if (hallucinations < 0 || parseFailures < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /** A result without a detail note. */
  public RankingResult(
      List<Candidate> ranked, String rawOutput, int hallucinations, int parseFailures) {
    this(ranked, rawOutput, hallucinations, parseFailures, "");
  }

  /** Whether the model produced anything usable. */
  public boolean isUsable() {
    return !ranked.isEmpty();
  }
}
