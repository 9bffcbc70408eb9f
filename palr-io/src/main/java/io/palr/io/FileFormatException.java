package io.palr.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file that palr reads does not have the expected format. The one checked base type of every
 * format error (data sets, snapshots, checkpoints, safetensors, model and tokenizer files,
 * instruction data), so that callers can catch them all by type; its message names the file and,
 * where one exists, the 1-based line, e.g. {@code ratings.dat:17: field 'timestamp': not an
 * integer: '12x'}.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String field;
  private final String detail;

  /**
   * A format problem.
   *
   * @param file the file, or null when the input is not a file
   * @param line the 1-based line number, or 0 when unknown or not line-based
   * @param field the field name, or null when the problem is not about one field
   * @param detail what is wrong, without the location
   * @param cause the underlying exception, or null
   */
  public FileFormatException(Path file, long line, String field, String detail, Throwable cause) {
    super(describe(file, line, field, detail), cause);
    this.file = file;
    this.line = line;
    this.field = field;
    this.detail = detail == null ? "" : detail;
  }

  /**
   * A format problem whose message is already complete; for subtypes with their own message layout.
   *
   * @param message the whole message, which names the file
   * @param file the file, or null when the input is not a file
   * @param cause the underlying exception, or null
   */
  protected FileFormatException(String message, Path file, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = 0;
    this.field = null;
    this.detail = message;
  }

  /** Formats a location and a detail the way this exception's message does. */
  public static String describe(Path file, long line, String field, String detail) {
    StringBuilder sb = new StringBuilder();
    if (file != null || line > 0) {
      sb.append(file == null ? "<input>" : file.toString());
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    if (field != null) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(detail).toString();
  }

  /** The file the problem is in, if known. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The 1-based line number, if known. */
  public OptionalLong line() {
    return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
  }

  /** The name of the offending field, if the problem is about one field. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** What is wrong, without the location. */
  public String detail() {
    return detail;
  }
}
