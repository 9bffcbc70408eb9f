package io.palr.core.instruct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.io.FileFormatException;
import io.palr.io.json.JsonLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Alpaca JSONL export back as prompt/response pairs, rebuilding each prompt with {@link
 * PalrPromptTemplate#compose} so that it equals the inference-time prompt. For a fine-tuner that
 * trains from files rather than from {@link InstructionDataGenerator#generate()}.
 */
public final class InstructionDataReader {
  /**
   * A prompt and the response to learn.
   *
   * @param prompt the full prompt text
   * @param response the target text
   */
  public record PromptResponse(String prompt, String response) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private InstructionDataReader() {}

  /**
   * Reads an Alpaca JSONL file; blank lines are skipped.
   *
   * @throws InstructionDataFormatException naming the file and line of a malformed record
   * @throws IOException if the file cannot be read
   */
  public static List<PromptResponse> readAlpaca(Path file) throws IOException {
    List<PromptResponse> out = new ArrayList<>();
    JsonLines.forEach(
        file,
        MAPPER,
        (line, msg) -> new InstructionDataFormatException(file, line, msg),
        (line, node) ->
            out.add(
                new PromptResponse(
                    PalrPromptTemplate.compose(
                        text(node, "instruction", file, line), text(node, "input", file, line)),
                    text(node, "output", file, line))));
    return out;
  }

  private static String text(JsonNode node, String field, Path file, int line)
      throws InstructionDataFormatException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InstructionDataFormatException(
          file, line, "field '" + field + "' missing or not a string");
    }
    return v.asText();
  }

  /** A malformed record in an instruction data file. */
  public static final class InstructionDataFormatException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the file and 1-based line. */
    public InstructionDataFormatException(Path file, int line, String problem) {
      super(file, line, null, problem, null);
    }
  }
}
