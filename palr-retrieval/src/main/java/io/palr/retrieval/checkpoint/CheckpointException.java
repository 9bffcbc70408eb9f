package io.palr.retrieval.checkpoint;

import io.palr.io.FileFormatException;
import java.nio.file.Path;

/**
 * A checkpoint cannot be used: missing or truncated files, a malformed manifest, weights that do
 * not fit the model, or a checkpoint of another model type or another data set. The message names
 * the checkpoint and the problem.
 */
public class CheckpointException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /** An exception about the checkpoint in {@code dir}. */
  public CheckpointException(Path dir, String message) {
    super("checkpoint " + dir + ": " + message, dir, null);
  }

  /** An exception about the checkpoint in {@code dir}, with a cause. */
  public CheckpointException(Path dir, String message, Throwable cause) {
    super("checkpoint " + dir + ": " + message, dir, cause);
  }
}
