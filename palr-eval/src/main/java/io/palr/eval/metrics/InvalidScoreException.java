package io.palr.eval.metrics;

/**
 * A scorer produced a score that cannot be ranked (NaN) or a score row of the wrong shape. The
 * message names the user and the item index so the broken model input can be found.
 */
public class InvalidScoreException extends io.palr.api.scoring.ScoreException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public InvalidScoreException(String message) {
    super(message);
  }
}
