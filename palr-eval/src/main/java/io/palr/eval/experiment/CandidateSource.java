package io.palr.eval.experiment;

import java.util.Locale;

/** Which retriever proposes the candidates the LLM ranks. */
public enum CandidateSource {
  /** SASRec's top-N (the paper's setting). */
  SASREC("SASRec"),
  /** The text-embedding retriever's top-N (palr-text): reaches items without interactions. */
  TEXT("Text"),
  /** SASRec and text fused by reciprocal rank, the text weight chosen on validation users. */
  HYBRID("Hybrid");

  private final String rowName;

  CandidateSource(String rowName) {
    this.rowName = rowName;
  }

  /** The name of the retriever's row in the tables. */
  public String rowName() {
    return rowName;
  }

  /**
   * Parses {@code sasrec}, {@code text} or {@code hybrid} (any case).
   *
   * @throws IllegalArgumentException for anything else, naming the accepted values
   */
  public static CandidateSource parse(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown retriever '" + value + "': use sasrec, text or hybrid", e);
    }
  }
}
