package io.palr.core.instruct;

import io.palr.api.PromptTask;
import java.util.List;
import java.util.Objects;

/**
 * One fine-tuning example. {@link #prompt()} is exactly the text a ranker sends at inference time
 * (the Alpaca preamble, instruction and input, ending after {@code ### Response:}); {@link
 * #response()} is the answer the model should learn, one item per line. A fine-tuner computes the
 * loss on the response tokens only.
 *
 * @param userId the user the example was made from
 * @param task the instruction task
 * @param instruction the text of the instruction section
 * @param input the text of the input section
 * @param historyItemIds ids of the history items the instruction was made from (oldest first; the
 *     prompt shows the most recent of them that fit its budget)
 * @param prompt the full prompt text
 * @param response the target text
 * @param targetItemIds ids of the items in the response, in order
 * @param candidateItemIds ids of the candidates shown (empty for v1), in prompt order
 */
public record InstructionExample(
    String userId,
    PromptTask task,
    String instruction,
    String input,
    List<String> historyItemIds,
    String prompt,
    String response,
    List<String> targetItemIds,
    List<String> candidateItemIds) {
  /** Validates and defensively copies the components. */
  public InstructionExample {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(response, "response");
    historyItemIds = List.copyOf(historyItemIds);
    targetItemIds = List.copyOf(targetItemIds);
    candidateItemIds = List.copyOf(candidateItemIds);
  }
}
