package io.palr.eval.protocol;

import java.util.Locale;

/**
 * A system answered too many users in its retriever's order (the LLM failed, timed out or wrote
 * nothing usable), so its metrics would be the retriever's under another name; the run fails
 * instead of reporting them.
 */
public class FallbackRateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exceeded fallback rate.
   *
   * @param system the system's name
   * @param rate its fallback rate in [0, 1]
   * @param max the largest rate allowed
   * @param option how the limit is set, e.g. {@code "--max-fallback-rate"}
   */
  public FallbackRateException(String system, double rate, double max, String option) {
    super(
        String.format(
            Locale.ROOT,
            "system '%s' answered %.1f%% of users in retriever order (fallback), above %s %s:"
                + " its metrics would be the retriever's, not the LLM's; raise %s to report them"
                + " anyway",
            system,
            100 * rate,
            option,
            max,
            option));
  }

  /**
   * Checks a result's {@code fallback_rate} extra, if it has one.
   *
   * @param result an evaluation result
   * @param max the largest rate allowed, in [0, 1]
   * @param option how the limit is set, for the message
   * @throws FallbackRateException if the rate is above {@code max}
   */
  public static void check(EvaluationResult result, double max, String option) {
    Double rate = result.extras().get("fallback_rate");
    if (rate != null && rate > max) {
      throw new FallbackRateException(result.system(), rate, max, option);
    }
  }
}
