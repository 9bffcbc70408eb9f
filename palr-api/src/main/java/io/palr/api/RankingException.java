package io.palr.api;

/** Thrown by an {@link LlmRanker} or {@link ProfileGenerator} that could not produce an answer. */
public class RankingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public RankingException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public RankingException(String message, Throwable cause) {
    super(message, cause);
  }
}
