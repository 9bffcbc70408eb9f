package io.palr.data.load;

import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loads pre-sequenced files as distributed with SASRec, P5 and their successors: one line per user,
 * {@code user item item ...} separated by spaces or TABs, items in chronological order (no
 * timestamps: the position is the order key). Optionally with item metadata ({@link
 * #titles(Path)}): a TAB-separated {@code id<TAB>title} file with a header line, or JSON lines with
 * {@code asin} and {@code title}. Without metadata, or for items it does not list, items get an
 * empty title (counted as {@link ProblemKind#MISSING_TITLE}).
 */
public final class SequenceFileLoader extends DatasetLoader<SequenceFileLoader> {
  private final Path sequences;
  private Path titles;
  private boolean decodeHtml = true;

  SequenceFileLoader(Path sequences) {
    super(defaultName(sequences));
    this.sequences = Objects.requireNonNull(sequences, "sequences");
  }

  private static String defaultName(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null || parent.getFileName() == null
        ? "sequences"
        : parent.getFileName().toString();
  }

  /** Sets the item metadata file (titles); see the class comment for its layouts. */
  public SequenceFileLoader titles(Path file) {
    this.titles = Objects.requireNonNull(file, "file");
    return this;
  }

  /**
   * Whether to decode HTML character references in titles (<code>&amp;amp;</code>); default true.
   */
  public SequenceFileLoader decodeHtmlEntities(boolean on) {
    this.decodeHtml = on;
    return this;
  }

  @Override
  ItemSource readInteractions(RawInteractions raw, ProblemCollector problems) throws IOException {
    Map<String, Long> lineOf = new HashMap<>();
    try (LineSource src = new LineSource(sequences, StandardCharsets.UTF_8, problems)) {
      String line;
      while ((line = src.next()) != null) {
        try {
          String[] tokens = tokens(line);
          if (tokens.length < 2) {
            throw src.error(
                ProblemKind.MALFORMED_RECORD,
                null,
                "expected 'user item item ...' separated by spaces or TABs, found one token: '"
                    + LineSource.abbreviate(line)
                    + "'");
          }
          Long prev = lineOf.putIfAbsent(tokens[0], src.line());
          if (prev != null) {
            throw src.error(
                ProblemKind.DUPLICATE_ID,
                "user",
                "user '" + tokens[0] + "' already on line " + prev);
          }
          int user = raw.userKey(tokens[0]);
          for (int i = 1; i < tokens.length; i++) {
            raw.add(user, raw.itemKey(tokens[i]), i - 1, Float.NaN);
          }
          problems.accepted();
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
    return titles == null ? ItemSource.none() : ItemSource.fromFile(titles, decodeHtml);
  }

  /** Splits on runs of spaces and TABs. */
  static String[] tokens(String line) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  Path interactionFile() {
    return sequences;
  }
}
