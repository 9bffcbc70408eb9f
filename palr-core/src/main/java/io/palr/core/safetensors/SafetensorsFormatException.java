package io.palr.core.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file is malformed or does not hold what the caller expects; the message names file and tensor. */
public class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception about a file. */
  public SafetensorsFormatException(Path file, String message) {
    super(file + ": " + message);
  }

  /** An exception about one tensor of a file. */
  public SafetensorsFormatException(Path file, String tensor, String message) {
    super(file + ": tensor '" + tensor + "': " + message);
  }

  /** An exception about a file, with a cause. */
  public SafetensorsFormatException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }
}
