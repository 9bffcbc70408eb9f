package io.palr.api.scoring;

/**
 * A scorer produced scores that cannot be ranked: NaN or infinite values (a diverged or damaged
 * model), or a score row of the wrong shape. Recommending and evaluating fail with it the same way
 * instead of dropping the items.
 */
public class ScoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message naming the user and item.
   *
   * @param message the message
   */
  public ScoreException(String message) {
    super(message);
  }

  /**
   * The message for a non-finite score, shared by every place that ranks scores.
   *
   * @param userId the user
   * @param item the item, e.g. {@code 'm12'} or {@code index 5}
   * @param value the score
   * @return the message
   */
  public static String nonFinite(String userId, String item, float value) {
    return "score "
        + value
        + " of item "
        + item
        + " for user '"
        + userId
        + "' is not finite: the model's scores cannot be ranked (diverged or damaged weights?)";
  }
}
