package io.palr.spark.prep;

import java.io.Serializable;

/**
 * One malformed row: where it is and what is wrong.
 *
 * @param file the file
 * @param record the 1-based record number in the file (data rows; a header line is not counted)
 * @param message what is wrong
 */
public record RowProblem(String file, long record, String message) implements Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public String toString() {
    return file + ": record " + record + ": " + message;
  }
}
