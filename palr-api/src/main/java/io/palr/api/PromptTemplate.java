package io.palr.api;

/**
 * Renders a {@link PromptContext} into model input. Templates are immutable and thread-safe. Item
 * titles are untrusted text: a template must quote or escape them so that no title can change the
 * structure of the prompt.
 */
public interface PromptTemplate {

  /** A short stable name, e.g. "palr-v2-movies". */
  String name();

  /** Renders the prompt for the given context. */
  Prompt render(PromptContext context);
}
