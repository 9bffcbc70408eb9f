package io.palr.llm.tokenizer;

import io.palr.io.FileFormatException;
import java.nio.file.Path;

/**
 * A tokenizer file that cannot be read: unknown format, truncated, or inconsistent. Names the file.
 */
public class TokenizerFormatException extends FileFormatException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception for {@code file} with a message saying what is wrong. */
  public TokenizerFormatException(Path file, String message) {
    super(file, 0, null, message, null);
  }

  /** Creates an exception for {@code file} with a cause. */
  public TokenizerFormatException(Path file, String message, Throwable cause) {
    super(file, 0, null, message, cause);
  }
}
