package io.palr.data.load;

import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * Applies the error policy to problems as a load meets them and accumulates the {@link LoadReport}.
 */
final class ProblemCollector {
  private static final int EXAMPLES_PER_KIND = 3;

  private final ErrorPolicy policy;
  private final EnumMap<ProblemKind, Long> counts = new EnumMap<>(ProblemKind.class);
  private final List<String> examples = new ArrayList<>();
  private long linesRead;
  private long recordsAccepted;

  ProblemCollector(ErrorPolicy policy) {
    this.policy = policy;
  }

  ErrorPolicy policy() {
    return policy;
  }

  /**
   * Reports a problem. Errors throw in strict mode; otherwise the problem is counted (and the
   * caller skips the record when it is an error).
   *
   * @throws DatasetFormatException for an error in strict mode
   */
  void report(ProblemKind kind, Path file, long line, String field, String detail)
      throws DatasetFormatException {
    if (kind.isError() && policy == ErrorPolicy.STRICT) {
      throw new DatasetFormatException(kind, file, line, field, detail);
    }
    count(kind, DatasetFormatException.describe(file, line, field, detail));
  }

  /** Reports a problem that already is an exception (from a parser). */
  void report(DatasetFormatException e) throws DatasetFormatException {
    if (e.kind().isError() && policy == ErrorPolicy.STRICT) {
      throw e;
    }
    count(e.kind(), e.getMessage());
  }

  private void count(ProblemKind kind, String message) {
    long c = counts.merge(kind, 1L, Long::sum);
    if (c <= EXAMPLES_PER_KIND) {
      examples.add(kind + ": " + message);
    }
  }

  void linesRead(long n) {
    linesRead += n;
  }

  void accepted() {
    recordsAccepted++;
  }

  LoadReport toReport() {
    return new LoadReport(policy, linesRead, recordsAccepted, counts, examples);
  }
}
