package io.palr.core.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input data that does not have the expected format: names the file, the 1-based line and, where it applies, the
 * field, e.g. {@code ratings.dat:17: field 'timestamp': not an integer: '12x'}.
 *
 * <p>Unchecked, so that it can travel through parsers and iterators; loaders document it on every load method.
 */
public class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String field;
  private final ProblemKind kind;
  private final String detail;

  /**
   * A format problem.
   *
   * @param kind the kind of problem
   * @param file the file, or null when the input is not a file
   * @param line the 1-based line number, or 0 when unknown or not line-based
   * @param field the field name, or null when the problem is not about one field
   * @param detail what is wrong, without the location
   */
  public DataFormatException(ProblemKind kind, Path file, long line, String field, String detail) {
    this(kind, file, line, field, detail, null);
  }

  /**
   * A format problem with a cause.
   *
   * @param kind the kind of problem
   * @param file the file, or null when the input is not a file
   * @param line the 1-based line number, or 0 when unknown or not line-based
   * @param field the field name, or null when the problem is not about one field
   * @param detail what is wrong, without the location
   * @param cause the underlying exception, or null
   */
  public DataFormatException(
      ProblemKind kind, Path file, long line, String field, String detail, Throwable cause) {
    super(describe(file, line, field, detail), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.file = file;
    this.line = line;
    this.field = field;
    this.detail = Objects.requireNonNull(detail, "detail");
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

  /** The kind of problem. */
  public ProblemKind kind() {
    return kind;
  }

  /** The file the problem is in, if the input is a file. */
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
