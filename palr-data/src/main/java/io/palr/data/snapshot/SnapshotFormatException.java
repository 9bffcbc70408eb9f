package io.palr.data.snapshot;

import io.palr.io.FileFormatException;
import java.nio.file.Path;

/**
 * A file that is not a readable data set snapshot: wrong magic, unsupported version, truncated or
 * corrupt.
 */
public final class SnapshotFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the file and what is wrong with it. */
  public SnapshotFormatException(Path file, String detail) {
    super(file, 0, null, detail, null);
  }

  /** An exception with a cause. */
  public SnapshotFormatException(Path file, String detail, Throwable cause) {
    super(file, 0, null, detail, cause);
  }
}
