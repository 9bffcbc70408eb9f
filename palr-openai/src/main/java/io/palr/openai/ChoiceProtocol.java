package io.palr.openai;

/** How {@link OpenAiLanguageModel#chooseConstrained} asks the server to restrict its answer to a set of options. */
public enum ChoiceProtocol {
  /** vLLM's extra parameter {@code "guided_choice": [...]} (vLLM up to 0.10). */
  GUIDED_CHOICE,
  /** vLLM's {@code "structured_outputs": {"choice": [...]}} (vLLM 0.10.2 and later). */
  STRUCTURED_OUTPUTS
}
