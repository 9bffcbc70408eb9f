package io.palr.io.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output path cannot be used: it is an input or lies inside one, it is a folder where a file is
 * expected (or the reverse), or it is a folder palr did not write and would have to replace.
 */
public class OutputPathException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * An unusable output path.
   *
   * @param path the path as the caller gave it
   * @param problem what is wrong with it, e.g. "is a folder; give a file name"
   */
  public OutputPathException(Path path, String problem) {
    super(path + " " + problem);
    this.path = path;
  }

  /**
   * An unusable output path, with the whole message given.
   *
   * @param message the message, which names the path
   * @param path the path as the caller gave it
   */
  public OutputPathException(String message, Path path) {
    super(message);
    this.path = path;
  }

  /** The path as the caller gave it. */
  public Path path() {
    return path;
  }
}
