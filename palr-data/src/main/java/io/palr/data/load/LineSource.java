package io.palr.data.load;

import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * Streams the lines of a text file (gzip or plain) with exact 1-based line numbers, strict charset
 * decoding and the error policy applied to encoding problems and blank lines. Blank lines inside
 * the file are counted as notices; blank lines at the end of the file are ignored. A UTF-8
 * byte-order mark is removed.
 */
final class LineSource implements Closeable {
  private final Path file;
  private final ProblemCollector problems;
  private final DecodingReader decoding;
  private final BufferedReader reader;
  private long line;
  private long pendingBlank;
  private long pendingBlankFrom;

  LineSource(Path file, Charset charset, ProblemCollector problems) throws IOException {
    this.file = file;
    this.problems = problems;
    this.decoding =
        new DecodingReader(
            Inputs.open(file), charset, file, problems.policy() == ErrorPolicy.LENIENT);
    this.reader = new BufferedReader(decoding, 1 << 16);
  }

  /** The next non-blank, well-decoded line, or null at the end of the file. */
  String next() throws IOException {
    while (true) {
      String s = reader.readLine();
      if (s == null) {
        return null;
      }
      line++;
      problems.linesRead(1);
      if (line == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
        s = s.substring(1);
      }
      if (s.isBlank()) {
        if (pendingBlank++ == 0) {
          pendingBlankFrom = line;
        }
        continue;
      }
      if (pendingBlank > 0) {
        for (long i = 0; i < pendingBlank; i++) {
          problems.report(
              ProblemKind.BLANK_LINE, file, pendingBlankFrom + i, null, "blank line ignored");
        }
        pendingBlank = 0;
      }
      if (decoding.isMalformedLine(line)) {
        problems.report(
            ProblemKind.ENCODING, file, line, null, "invalid byte sequence (record skipped)");
        continue;
      }
      return s;
    }
  }

  /** The 1-based number of the line last returned. */
  long line() {
    return line;
  }

  /** The file being read. */
  Path file() {
    return file;
  }

  /** An exception for a problem on the current line. */
  DatasetFormatException error(ProblemKind kind, String field, String detail) {
    return new DatasetFormatException(kind, file, line, field, detail);
  }

  /**
   * Splits a line on a literal separator (no regex), requiring exactly {@code expected} fields (or
   * at least, when {@code atLeast}).
   */
  String[] split(String s, String separator, int expected, boolean atLeast)
      throws DatasetFormatException {
    String[] out = new String[atLeast ? Math.max(expected, 8) : expected];
    int n = 0;
    int from = 0;
    int at;
    while ((at = indexOf(s, separator, from)) >= 0) {
      if (n == out.length - 1) {
        if (!atLeast) {
          throw fieldCount(s, separator, expected, false, n + 1 + count(s, separator, from));
        }
        out = java.util.Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = s.substring(from, at);
      from = at + separator.length();
    }
    out[n++] = s.substring(from);
    if (n < expected) {
      throw fieldCount(s, separator, expected, atLeast, n);
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static int indexOf(String s, String separator, int from) {
    char first = separator.charAt(0);
    int at =
        s.indexOf(first, from); // the char search is an intrinsic; most separators are one char
    if (separator.length() == 1) {
      return at;
    }
    while (at >= 0 && !s.startsWith(separator, at)) {
      at = s.indexOf(first, at + 1);
    }
    return at;
  }

  private static int count(String s, String separator, int from) {
    int c = 0;
    for (int at = indexOf(s, separator, from);
        at >= 0;
        at = indexOf(s, separator, at + separator.length())) {
      c++;
    }
    return c;
  }

  private DatasetFormatException fieldCount(
      String s, String separator, int expected, boolean atLeast, int found) {
    return error(
        ProblemKind.MALFORMED_RECORD,
        null,
        "expected "
            + (atLeast ? "at least " : "")
            + expected
            + " fields separated by '"
            + printable(separator)
            + "', found "
            + found
            + ": '"
            + abbreviate(s)
            + "'");
  }

  /** Parses a long field of the current line. */
  long parseLong(String value, String field) throws DatasetFormatException {
    return Values.parseLong(
        value.trim(),
        () ->
            error(ProblemKind.INVALID_VALUE, field, "not an integer: '" + abbreviate(value) + "'"));
  }

  /** Parses a float field of the current line. */
  float parseFloat(String value, String field) throws DatasetFormatException {
    return Values.parseFloat(
        value.trim(),
        () -> error(ProblemKind.INVALID_VALUE, field, "not a number: '" + abbreviate(value) + "'"));
  }

  /**
   * Parses a timestamp field of the current line: an integer, a decimal (truncated to whole
   * seconds) or an ISO-8601 instant, date-time (UTC) or date.
   */
  long parseTimestamp(String value, String field) throws DatasetFormatException {
    return Values.parseTimestamp(
        value.trim(),
        () ->
            error(
                ProblemKind.INVALID_VALUE,
                field,
                "not a timestamp (integer, decimal or ISO-8601): '" + abbreviate(value) + "'"));
  }

  /** A non-empty id field of the current line. */
  String requireId(String value, String field) throws DatasetFormatException {
    String v = value.trim();
    if (v.isEmpty()) {
      throw error(ProblemKind.INVALID_VALUE, field, "empty id");
    }
    return v;
  }

  static String printable(String sep) {
    return sep.replace("\t", "\\t");
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
