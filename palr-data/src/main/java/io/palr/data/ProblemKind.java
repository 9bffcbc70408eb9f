package io.palr.data;

/**
 * The kinds of problem a loader can meet in its input. Errors reject the record they occur in: in
 * strict mode (the default) they throw a {@link DatasetFormatException}; in lenient mode the record
 * is skipped and counted. Notices never reject anything; they are always counted so that the user
 * sees them in the load report.
 */
public enum ProblemKind {
  /** A record with the wrong number of fields or an unexpected separator. Error. */
  MALFORMED_RECORD(true),
  /** A field that does not parse (a number, a timestamp, a rating, a JSON value). Error. */
  INVALID_VALUE(true),
  /** Bytes that are not valid in the file's character set. Error. */
  ENCODING(true),
  /** An interaction naming an item that the authoritative item file does not list. Error. */
  UNKNOWN_ITEM(true),
  /**
   * An id listed twice where it must be unique (an item in an item file, a user in a sequence
   * file). Error.
   */
  DUPLICATE_ID(true),
  /** An item without a title; the item is kept with the empty title. Notice. */
  MISSING_TITLE(false),
  /**
   * Metadata (a title) for an item id that has no interaction in the prepared data; ignored.
   * Notice.
   */
  UNUSED_METADATA(false),
  /** An empty or blank line; ignored. Notice. */
  BLANK_LINE(false);

  private final boolean error;

  ProblemKind(boolean error) {
    this.error = error;
  }

  /** Whether this kind rejects the record (strict mode throws, lenient mode skips and counts). */
  public boolean isError() {
    return error;
  }
}
