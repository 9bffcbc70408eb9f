package io.palr.data;

import io.palr.io.FileFormatException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Interaction or item data that does not have the expected format: names the file, the 1-based line
 * and, where it applies, the field, e.g. {@code ratings.dat:17: field 'timestamp': not an integer:
 * '12x'}, and says which {@link ProblemKind kind} of problem it is (lenient loading skips and
 * counts problems by kind).
 */
public class DatasetFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  private final ProblemKind kind;

  /**
   * A format problem.
   *
   * @param kind the kind of problem
   * @param file the file, or null when the input is not a file
   * @param line the 1-based line number, or 0 when unknown or not line-based
   * @param field the field name, or null when the problem is not about one field
   * @param detail what is wrong, without the location
   */
  public DatasetFormatException(
      ProblemKind kind, Path file, long line, String field, String detail) {
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
  public DatasetFormatException(
      ProblemKind kind, Path file, long line, String field, String detail, Throwable cause) {
    super(file, line, field, Objects.requireNonNull(detail, "detail"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** The kind of problem. */
  public ProblemKind kind() {
    return kind;
  }
}
