package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * A rendered prompt, plus how each candidate was written in it so that generated text can be mapped
 * back.
 *
 * @param text the full prompt text given to the model
 * @param renderedCandidates the candidates in the order shown, each with the exact string used for
 *     it
 */
public record Prompt(String text, List<RenderedCandidate> renderedCandidates) {
  /** Validates and defensively copies the components. */
  public Prompt {
    Objects.requireNonNull(text, "text");
    renderedCandidates =
        List.copyOf(Objects.requireNonNull(renderedCandidates, "renderedCandidates"));
  }

  /**
   * A candidate and the string the prompt used for it (e.g. its title, or {@code "B00123 (Lip
   * Balm)"}).
   *
   * @param candidate the candidate
   * @param rendered the text written in the prompt for it
   */
  public record RenderedCandidate(Candidate candidate, String rendered) {
    /** Validates the components. */
    public RenderedCandidate {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(rendered, "rendered");
    }
  }
}
