package io.palr.llm.load;

import io.palr.io.FileFormatException;
import java.nio.file.Path;

/**
 * A model file (weights, config, checkpoint, adapter) that cannot be used; the message names the
 * file and tensor.
 */
public class ModelFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

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
    super(file + (tensor == null ? "" : " [" + tensor + "]") + ": " + message, file, cause);
    this.tensor = tensor;
  }

  /** The tensor concerned, or null. */
  public String tensor() {
    return tensor;
  }
}
