package io.palr.data.load;

import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads interactions from a delimited file with Apache Commons CSV (quoting per RFC 4180), mapping
 * columns by header name or by index. A CSV syntax error (an unterminated quote) ends the load even
 * in lenient mode: the parser cannot resynchronise, and skipping the rest silently would be data
 * loss.
 */
final class CsvInteractionReader {

  /** A column by header name (case-insensitive) or by 0-based index. */
  record Column(String name, int index) {
    static Column named(String name) {
      return new Column(name, -1);
    }

    static Column at(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("column index must be >= 0: " + index);
      }
      return new Column(null, index);
    }

    @Override
    public String toString() {
      return name != null ? "'" + name + "'" : "#" + index;
    }
  }

  /**
   * Which columns hold what; candidates are tried in order when a column was not set explicitly.
   */
  record Mapping(
      List<Column> user, List<Column> item, List<Column> timestamp, List<Column> rating) {}

  private final Path file;
  private final Charset charset;
  private final char separator;
  private final boolean header;

  CsvInteractionReader(Path file, Charset charset, char separator, boolean header) {
    this.file = file;
    this.charset = charset;
    this.separator = separator;
    this.header = header;
  }

  void read(Mapping mapping, RawInteractions raw, ProblemCollector problems) throws IOException {
    CSVFormat.Builder fb =
        CSVFormat.RFC4180.builder().setDelimiter(separator).setIgnoreEmptyLines(true).setTrim(true);
    if (header) {
      fb.setHeader()
          .setSkipHeaderRecord(true)
          .setIgnoreHeaderCase(true)
          .setAllowMissingColumnNames(true);
    }
    DecodingReader reader =
        new DecodingReader(
            Inputs.open(file), charset, file, problems.policy() == ErrorPolicy.LENIENT);
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(fb.get()).get()) {
      Map<String, Integer> names = header ? parser.getHeaderMap() : Map.of();
      if (header && (names == null || names.isEmpty())) {
        throw new DatasetFormatException(
            ProblemKind.MALFORMED_RECORD, file, 1, null, "no header line");
      }
      int user = resolve(mapping.user(), names, "user", true);
      int item = resolve(mapping.item(), names, "item", true);
      int time = resolve(mapping.timestamp(), names, "timestamp", false);
      int rating = resolve(mapping.rating(), names, "rating", false);
      int needed = Math.max(Math.max(user, item), Math.max(time, rating)) + 1;
      long prevEnd = parser.getCurrentLineNumber();
      Iterator<CSVRecord> it = parser.iterator();
      while (true) {
        CSVRecord rec;
        try {
          if (!it.hasNext()) {
            break;
          }
          rec = it.next();
        } catch (UncheckedIOException e) {
          if (!(e.getCause() instanceof CSVException)) {
            throw e.getCause(); // a read error, not a syntax error
          }
          throw new DatasetFormatException(
              ProblemKind.MALFORMED_RECORD,
              file,
              parser.getCurrentLineNumber() + 1,
              null,
              "CSV syntax error: " + e.getCause().getMessage(),
              e);
        }
        long end = parser.getCurrentLineNumber();
        long line = Math.min(prevEnd + 1, Math.max(end, 1));
        problems.linesRead(Math.max(1, end - prevEnd));
        prevEnd = end;
        try {
          if (reader.hadMalformedInput() && anyMalformed(reader, line, end)) {
            throw new DatasetFormatException(
                ProblemKind.ENCODING,
                file,
                line,
                null,
                "invalid " + charset.name() + " byte sequence (record skipped)");
          }
          if (rec.size() < needed) {
            throw new DatasetFormatException(
                ProblemKind.MALFORMED_RECORD,
                file,
                line,
                null,
                String.format(
                    Locale.ROOT,
                    "expected at least %d fields separated by '%s', found %d: '%s'",
                    needed,
                    LineSource.printable(String.valueOf(separator)),
                    rec.size(),
                    LineSource.abbreviate(String.join(String.valueOf(separator), rec.toList()))));
          }
          String u = id(rec.get(user), "user", line);
          String i = id(rec.get(item), "item", line);
          long ts =
              time < 0
                  ? rec.getRecordNumber()
                  : Values.parseTimestamp(
                      rec.get(time),
                      () ->
                          new DatasetFormatException(
                              ProblemKind.INVALID_VALUE,
                              file,
                              line,
                              columnName(names, time),
                              "not a timestamp: '" + rec.get(time) + "'"));
          float r =
              rating < 0
                  ? Float.NaN
                  : Values.parseFloat(
                      rec.get(rating),
                      () ->
                          new DatasetFormatException(
                              ProblemKind.INVALID_VALUE,
                              file,
                              line,
                              columnName(names, rating),
                              "not a number: '" + rec.get(rating) + "'"));
          raw.add(raw.userKey(u), raw.itemKey(i), ts, r);
          problems.accepted();
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
  }

  private static boolean anyMalformed(DecodingReader reader, long from, long to) {
    for (long l = from; l <= Math.max(from, to); l++) {
      if (reader.isMalformedLine(l)) {
        return true;
      }
    }
    return false;
  }

  private String id(String value, String field, long line) throws DatasetFormatException {
    if (value.isBlank()) {
      throw new DatasetFormatException(ProblemKind.INVALID_VALUE, file, line, field, "empty id");
    }
    return value;
  }

  private static String columnName(Map<String, Integer> names, int index) {
    for (Map.Entry<String, Integer> e : names.entrySet()) {
      if (e.getValue() == index) {
        return e.getKey();
      }
    }
    return "#" + index;
  }

  /** The index of the first candidate column present; -1 when optional and absent. */
  private int resolve(
      List<Column> candidates, Map<String, Integer> names, String what, boolean required)
      throws DatasetFormatException {
    for (Column c : candidates) {
      if (c.name() == null) {
        return c.index();
      }
      if (!header) {
        throw new IllegalStateException(
            "column " + c + " is named, but " + file + " is read without a header");
      }
      for (Map.Entry<String, Integer> e : names.entrySet()) {
        if (e.getKey() != null && e.getKey().strip().equalsIgnoreCase(c.name())) {
          return e.getValue();
        }
      }
    }
    if (required) {
      throw new DatasetFormatException(
          ProblemKind.MALFORMED_RECORD,
          file,
          1,
          null,
          "no "
              + what
              + " column (tried "
              + candidates
              + "); the header has "
              + names.keySet()
              + " separated by '"
              + LineSource.printable(String.valueOf(separator))
              + "'");
    }
    return -1;
  }
}
