package io.palr.openai;

/**
 * How {@link OpenAiLanguageModel#chooseConstrained} asks the server to restrict its answer to a set
 * of options. When constrained choice is probed ({@link CapabilitySetting#PROBE}) and the
 * configured protocol is ignored or rejected, the other one is tried and used if it works.
 */
public enum ChoiceProtocol {
  /** vLLM's extra parameter {@code "guided_choice": [...]} (deprecated, removed in vLLM 0.12.0). */
  GUIDED_CHOICE,
  /**
   * vLLM's {@code "structured_outputs": {"choice": [...]}} (the replacement, required from vLLM
   * 0.12.0).
   */
  STRUCTURED_OUTPUTS
}
