package io.palr.data.load;

/**
 * What a loader does with a record that has an error (see {@link
 * io.palr.data.ProblemKind#isError()}).
 */
public enum ErrorPolicy {
  /**
   * Throw a {@link io.palr.data.DatasetFormatException} naming the file, line and field. The
   * default.
   */
  STRICT,
  /** Skip the record, count it per problem kind and report it in the {@link LoadReport}. */
  LENIENT
}
