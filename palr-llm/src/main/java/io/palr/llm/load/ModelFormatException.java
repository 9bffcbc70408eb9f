package io.palr.llm.load;

import java.io.IOException;
import java.nio.file.Path;

/** A model file (weights, config, checkpoint, adapter) that cannot be used; the message names the file and tensor. */
public class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String tensor;

  /**
   * Creates an exception.
   *
   * @param file the offending file
   * @param tensor the tensor or field concerned, or null
   * @param message what is wrong
   */
  public ModelFormatException(Path file, String tensor, String message) {
    this(file, tensor, message, null);
  }

  /** Creates an exception with a cause. */
  public ModelFormatException(Path file, String tensor, String message, Throwable cause) {
    super(file + (tensor == null ? "" : " [" + tensor + "]") + ": " + message, cause);
    this.file = file;
    this.tensor = tensor;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }

  /** The tensor concerned, or null. */
  public String tensor() {
    return tensor;
  }
}
