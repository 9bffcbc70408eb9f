package io.palr.llm.tokenizer;

import java.io.IOException;
import java.nio.file.Path;

/** A tokenizer file that cannot be read: unknown format, truncated, or inconsistent. Names the file. */
public class TokenizerFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception for {@code file} with a message saying what is wrong. */
  public TokenizerFormatException(Path file, String message) {
    super(file + ": " + message);
  }

  /** Creates an exception for {@code file} with a cause. */
  public TokenizerFormatException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }
}
