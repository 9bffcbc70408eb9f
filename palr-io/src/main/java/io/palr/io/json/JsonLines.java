package io.palr.io.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads JSON Lines files (one JSON value per line, UTF-8, blank lines ignored) and reports a line
 * that is not JSON through the caller's own exception type, so every reader names the file and
 * 1-based line the same way.
 */
public final class JsonLines {
  private JsonLines() {}

  /**
   * Receives one parsed record.
   *
   * @param <E> the caller's exception type
   */
  @FunctionalInterface
  public interface RecordHandler<E extends Exception> {
    /**
     * Handles the record on a line.
     *
     * @param line 1-based line number
     * @param record the parsed value
     * @throws E when the record is not what the caller expects
     */
    void accept(int line, JsonNode record) throws E;
  }

  /**
   * Makes the caller's exception for a malformed line.
   *
   * @param <E> the caller's exception type
   */
  @FunctionalInterface
  public interface ErrorFactory<E extends Exception> {
    /**
     * The exception to throw.
     *
     * @param line 1-based line number
     * @param message what is wrong
     */
    E create(int line, String message);
  }

  /**
   * Parses every non-blank line of {@code file} and hands it to {@code handler}, in order.
   *
   * @param file the JSON Lines file
   * @param mapper the Jackson mapper to parse with
   * @param errors makes the exception for a line that is not valid JSON
   * @param handler receives each record
   * @throws IOException if the file cannot be read
   * @throws E from {@code errors} or {@code handler}
   */
  public static <E extends Exception> void forEach(
      Path file, ObjectMapper mapper, ErrorFactory<E> errors, RecordHandler<E> handler)
      throws IOException, E {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = readLine(r, line + 1, errors)) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
          throw errors.create(line, "not valid JSON: " + e.getOriginalMessage());
        }
        handler.accept(line, node);
      }
    }
  }

  private static <E extends Exception> String readLine(
      BufferedReader r, int line, ErrorFactory<E> errors) throws IOException, E {
    try {
      return r.readLine();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw errors.create(line, "not UTF-8 text");
    }
  }
}
