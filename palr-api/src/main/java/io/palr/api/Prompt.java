package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * A rendered prompt, plus how each candidate was written in it so that generated text can be mapped
 * back, and what had to be cut to fit a token budget.
 *
 * @param text the full prompt text given to the model
 * @param renderedCandidates the candidates in the order shown, each with the exact string used for
 *     it
 * @param instruction the instruction part of an instruction-style prompt (Alpaca's {@code ###
 *     Instruction:}), as exported with instruction data; the whole text for a template without such
 *     parts
 * @param input the input part of an instruction-style prompt (Alpaca's {@code ### Input:}); empty
 *     for a template without such parts
 * @param truncationNote a short account of what was left out to fit the budget (history items,
 *     candidates), empty when nothing was
 */
public record Prompt(
    String text,
    List<RenderedCandidate> renderedCandidates,
    String instruction,
    String input,
    String truncationNote) {
  /** Validates and defensively copies the components. */
  public Prompt {
    Objects.requireNonNull(text, "text");
    renderedCandidates =
        List.copyOf(Objects.requireNonNull(renderedCandidates, "renderedCandidates"));
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(truncationNote, "truncationNote");
  }

  /**
   * A prompt without instruction/input parts and with nothing truncated.
   *
   * @param text the full prompt text given to the model
   * @param renderedCandidates the candidates in the order shown
   */
  public Prompt(String text, List<RenderedCandidate> renderedCandidates) {
    this(text, renderedCandidates, text, "", "");
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
