package io.palr.data.prep;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Options of {@link Preprocessor}. The defaults are the paper's: every interaction counts as an
 * implicit 1, repeated items of a user are dropped (first occurrence kept), and an iterative 5-core
 * is applied to users and items.
 *
 * @param minUserInteractions k-core threshold for users; 0 or 1 disables it
 * @param minItemInteractions k-core threshold for items; 0 or 1 disables it
 * @param ratingThreshold when present, only interactions rated at least this are kept; unrated ones
 *     always are
 * @param deduplicate whether to keep only the first occurrence of an item in a user's sequence
 */
public record PreprocessOptions(
    int minUserInteractions,
    int minItemInteractions,
    OptionalDouble ratingThreshold,
    boolean deduplicate) {

  /** The paper's k for the k-core. */
  public static final int DEFAULT_CORE = 5;

  /** Validates the components. */
  public PreprocessOptions {
    if (minUserInteractions < 0 || minItemInteractions < 0) {
      throw new IllegalArgumentException("k-core thresholds must be >= 0");
    }
    java.util.Objects.requireNonNull(ratingThreshold, "ratingThreshold");
    if (ratingThreshold.isPresent() && Double.isNaN(ratingThreshold.getAsDouble())) {
      throw new IllegalArgumentException("rating threshold must be a number");
    }
  }

  /** The paper's defaults: 5-core on users and items, no rating threshold, de-duplication on. */
  public static PreprocessOptions defaults() {
    return new PreprocessOptions(DEFAULT_CORE, DEFAULT_CORE, OptionalDouble.empty(), true);
  }

  /** These options with the same k-core threshold for users and items. */
  public PreprocessOptions withMinCore(int k) {
    return new PreprocessOptions(k, k, ratingThreshold, deduplicate);
  }

  /** These options with separate k-core thresholds. */
  public PreprocessOptions withMinCore(int users, int items) {
    return new PreprocessOptions(users, items, ratingThreshold, deduplicate);
  }

  /** These options keeping only interactions rated at least {@code threshold}. */
  public PreprocessOptions withRatingThreshold(double threshold) {
    return new PreprocessOptions(
        minUserInteractions, minItemInteractions, OptionalDouble.of(threshold), deduplicate);
  }

  /** These options with de-duplication switched on or off. */
  public PreprocessOptions withDeduplicate(boolean on) {
    return new PreprocessOptions(minUserInteractions, minItemInteractions, ratingThreshold, on);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "core users>=%d items>=%d, rating threshold %s, dedup %s",
        minUserInteractions,
        minItemInteractions,
        ratingThreshold.isPresent() ? String.valueOf(ratingThreshold.getAsDouble()) : "none",
        deduplicate ? "on" : "off");
  }
}
