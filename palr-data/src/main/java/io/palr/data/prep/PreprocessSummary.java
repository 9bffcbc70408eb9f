package io.palr.data.prep;

import java.util.Locale;

/**
 * What each preprocessing step removed, for reports and for checking a preparation against a
 * paper's numbers.
 *
 * @param rawInteractions interactions read
 * @param belowThreshold removed for a rating under the threshold
 * @param duplicates removed as repeats of an item already in the user's sequence
 * @param kCoreRounds rounds of the iterative k-core until the fixed point (0 when disabled)
 * @param removedByKCore interactions removed by the k-core
 * @param rawUsers distinct users read
 * @param rawItems distinct items read (or listed in an authoritative item file)
 * @param interactions interactions kept
 * @param users users kept
 * @param items items kept
 */
public record PreprocessSummary(
    long rawInteractions,
    long belowThreshold,
    long duplicates,
    int kCoreRounds,
    long removedByKCore,
    int rawUsers,
    int rawItems,
    long interactions,
    int users,
    int items) {

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "read %,d interactions (%,d users, %,d items); removed %,d below rating threshold, %,d duplicates, "
            + "%,d by k-core (%d rounds); kept %,d interactions (%,d users, %,d items)",
        rawInteractions,
        rawUsers,
        rawItems,
        belowThreshold,
        duplicates,
        removedByKCore,
        kCoreRounds,
        interactions,
        users,
        items);
  }
}
