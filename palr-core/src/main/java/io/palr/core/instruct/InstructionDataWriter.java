package io.palr.core.instruct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.output.AtomicOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes instruction examples as JSON Lines for standard fine-tuning tools, atomically (a temporary
 * file renamed into place):
 *
 * <ul>
 *   <li>{@link Format#ALPACA}: {@code {"instruction": ..., "input": ..., "output": ...}} per line;
 *       tools that build the standard Alpaca prompt from these fields reproduce {@link
 *       InstructionExample#prompt()} exactly;
 *   <li>{@link Format#CHAT}: {@code {"messages": [{"role": "user", "content": instruction + "\n\n"
 *       + input}, {"role": "assistant", "content": output}]}} per line.
 * </ul>
 */
public final class InstructionDataWriter {
  /** The export formats. */
  public enum Format {
    /** Alpaca instruction/input/output records. */
    ALPACA,
    /** Chat records with user and assistant messages. */
    CHAT
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private InstructionDataWriter() {}

  /**
   * Writes the examples to a file, replacing it.
   *
   * @throws UncheckedIOException naming the file if it cannot be written
   */
  public static void write(List<InstructionExample> examples, Path file, Format format) {
    try {
      AtomicOutput.writeFile(
          file,
          tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
              for (InstructionExample ex : examples) {
                w.write(MAPPER.writeValueAsString(toJson(ex, format)));
                w.write('\n');
              }
            }
          },
          tmp -> {
            long lines;
            try (var s = Files.lines(tmp, StandardCharsets.UTF_8)) {
              lines = s.count();
            }
            if (lines != examples.size()) {
              throw new IOException(
                  tmp + ": read back " + lines + " of " + examples.size() + " lines");
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write instruction data to " + file + ": " + e.getMessage(), e);
    }
  }

  /** One example as the JSON object of the format. */
  public static ObjectNode toJson(InstructionExample ex, Format format) {
    ObjectNode o = MAPPER.createObjectNode();
    if (format == Format.ALPACA) {
      o.put("instruction", ex.instruction());
      o.put("input", ex.input());
      o.put("output", ex.response());
    } else {
      ArrayNode messages = o.putArray("messages");
      messages
          .addObject()
          .put("role", "user")
          .put("content", ex.instruction() + "\n\n" + ex.input());
      messages.addObject().put("role", "assistant").put("content", ex.response());
    }
    return o;
  }
}
