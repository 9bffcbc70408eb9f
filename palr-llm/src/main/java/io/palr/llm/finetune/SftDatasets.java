package io.palr.llm.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.FileFormatException;
import io.palr.io.json.JsonLines;
import io.palr.io.output.AtomicOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines files of {@link SftExample}s, one object per line with the fields {@code prompt} and
 * {@code response} (also called {@code completion}, as TRL's prompt-completion datasets name it).
 * This is how PALR's instruction data goes to Python tools (TRL's {@code SFTTrainer}, PEFT) and
 * comes back.
 */
public final class SftDatasets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SftDatasets() {}

  /**
   * Writes examples as {@code {"prompt": ..., "completion": ...}} lines (atomically).
   *
   * @throws IOException if writing fails
   */
  public static void writeJsonl(List<SftExample> examples, Path file) throws IOException {
    AtomicOutput.writeFile(
        file,
        tmp -> {
          try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (SftExample e : examples) {
              ObjectNode o = JSON.createObjectNode();
              o.put("prompt", e.prompt());
              o.put("completion", e.response());
              w.write(JSON.writeValueAsString(o));
              w.newLine();
            }
          }
        },
        tmp -> {});
  }

  /**
   * Reads examples from JSON Lines with {@code prompt} and {@code completion} or {@code response}
   * string fields; blank lines are ignored.
   *
   * @throws SftDataException naming the file and line when a line is not such an object
   * @throws IOException if reading fails
   */
  public static List<SftExample> readJsonl(Path file) throws IOException {
    List<SftExample> out = new ArrayList<>();
    JsonLines.forEach(
        file,
        JSON,
        (line, msg) -> new SftDataException(file, line, msg),
        (line, o) -> {
          JsonNode prompt = o == null ? null : o.get("prompt");
          JsonNode response =
              o == null ? null : o.has("completion") ? o.get("completion") : o.get("response");
          if (prompt == null || !prompt.isTextual()) {
            throw new SftDataException(file, line, "missing string field 'prompt'");
          }
          if (response == null || !response.isTextual()) {
            throw new SftDataException(
                file, line, "missing string field 'completion' (or 'response')");
          }
          out.add(new SftExample(prompt.asText(), response.asText()));
        });
    return out;
  }

  /** A malformed line of an SFT data file. */
  public static final class SftDataException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception naming the file and 1-based line. */
    public SftDataException(Path file, int line, String message) {
      super(file, line, null, message, null);
    }
  }
}
