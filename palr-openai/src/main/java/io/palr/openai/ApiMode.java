package io.palr.openai;

/** Which OpenAI endpoint {@link OpenAiLanguageModel#generate} uses. */
public enum ApiMode {
  /**
   * {@code POST /v1/completions} with a raw prompt: the prompt is sent verbatim (PALR's fine-tuned
   * templates).
   */
  COMPLETIONS,
  /**
   * {@code POST /v1/chat/completions} with the prompt as one user message (and an optional system
   * message): the server applies the model's chat template.
   */
  CHAT
}
