package io.palr.io.safetensors;

import io.palr.io.FileFormatException;
import java.nio.file.Path;

/**
 * A safetensors file is malformed or does not hold what the caller expects; the message names file
 * and tensor.
 */
public class SafetensorsFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /** An exception about a file. */
  public SafetensorsFormatException(Path file, String message) {
    super(file, 0, null, message, null);
  }

  /** An exception about one tensor of a file. */
  public SafetensorsFormatException(Path file, String tensor, String message) {
    super(file, 0, null, "tensor '" + tensor + "': " + message, null);
  }

  /** An exception about a file, with a cause. */
  public SafetensorsFormatException(Path file, String message, Throwable cause) {
    super(file, 0, null, message, cause);
  }
}
