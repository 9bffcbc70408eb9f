package io.palr.llm.finetune;

import java.util.Objects;

/**
 * One supervised fine-tuning example: the model reads {@code prompt} and learns to answer {@code
 * response}. Only the response tokens (and the end-of-sequence token after them) are scored.
 *
 * @param prompt the instruction and input, exactly as the model will see it at inference time
 * @param response the target text
 */
public record SftExample(String prompt, String response) {
  /** Validates the components. */
  public SftExample {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(response, "response");
  }
}
