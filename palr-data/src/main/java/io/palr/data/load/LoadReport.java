package io.palr.data.load;

import io.palr.data.ProblemKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a load met in its input: lines read, records accepted and the problems found, counted per
 * kind with the first few examples of each. In lenient mode, every skipped record is counted here:
 * check {@link #skippedRecords()} before trusting a data set as whole.
 */
public final class LoadReport {
  private final ErrorPolicy policy;
  private final long linesRead;
  private final long recordsAccepted;
  private final Map<ProblemKind, Long> counts;
  private final List<String> examples;

  LoadReport(
      ErrorPolicy policy,
      long linesRead,
      long recordsAccepted,
      Map<ProblemKind, Long> counts,
      List<String> examples) {
    this.policy = policy;
    this.linesRead = linesRead;
    this.recordsAccepted = recordsAccepted;
    EnumMap<ProblemKind, Long> copy = new EnumMap<>(ProblemKind.class);
    copy.putAll(counts);
    this.counts = Collections.unmodifiableMap(copy);
    this.examples = List.copyOf(examples);
  }

  /** The error policy the load ran under. */
  public ErrorPolicy policy() {
    return policy;
  }

  /** Lines (or records, for non-line formats) read over all input files. */
  public long linesRead() {
    return linesRead;
  }

  /** Interaction records accepted (before preprocessing). */
  public long recordsAccepted() {
    return recordsAccepted;
  }

  /** Problem counts per kind; kinds that did not occur are absent. */
  public Map<ProblemKind, Long> counts() {
    return counts;
  }

  /** How often a kind of problem occurred. */
  public long count(ProblemKind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** Records skipped because of errors (always 0 in strict mode, which throws instead). */
  public long skippedRecords() {
    long n = 0;
    for (Map.Entry<ProblemKind, Long> e : counts.entrySet()) {
      if (e.getKey().isError()) {
        n += e.getValue();
      }
    }
    return n;
  }

  /** Whether no problem of any kind, error or notice, occurred. */
  public boolean isClean() {
    return counts.isEmpty();
  }

  /**
   * The first few problems of each kind, each formatted as {@code file:line: field 'f': detail}.
   */
  public List<String> examples() {
    return examples;
  }

  /** A multi-line summary for a CLI. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            java.util.Locale.ROOT,
            "read %,d lines, accepted %,d records (%s)",
            linesRead,
            recordsAccepted,
            policy.name().toLowerCase(java.util.Locale.ROOT)));
    if (counts.isEmpty()) {
      sb.append("; no problems");
    } else {
      sb.append(String.format(java.util.Locale.ROOT, "; skipped %,d records", skippedRecords()));
      counts.forEach(
          (k, v) ->
              sb.append(
                  String.format(
                      java.util.Locale.ROOT,
                      "%n  %-16s %,d%s",
                      k,
                      v,
                      k.isError() ? " (skipped)" : "")));
      for (String ex : examples) {
        sb.append(System.lineSeparator()).append("  e.g. ").append(ex);
      }
    }
    return sb.toString();
  }
}
