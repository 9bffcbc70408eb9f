package io.palr.core.data.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable data set snapshot: wrong magic, unsupported version, truncated or corrupt. */
public final class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An exception naming the file and what is wrong with it. */
  public SnapshotFormatException(Path file, String detail) {
    super(file + ": " + detail);
    this.file = file;
  }

  /** An exception with a cause. */
  public SnapshotFormatException(Path file, String detail, Throwable cause) {
    super(file + ": " + detail, cause);
    this.file = file;
  }

  /** The snapshot file. */
  public Path file() {
    return file;
  }
}
