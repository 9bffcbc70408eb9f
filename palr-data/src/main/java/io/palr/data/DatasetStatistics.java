package io.palr.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Summary statistics of an {@link InteractionDataset}, as reported in papers' data set tables.
 *
 * @param users number of users
 * @param items number of catalogue items
 * @param interactions number of interactions
 * @param density {@code interactions / (users * items)}, 0 for an empty data set
 * @param meanLength mean sequence length per user
 * @param medianLength median sequence length per user (mean of the two middle values for an even
 *     count)
 * @param minLength shortest sequence
 * @param maxLength longest sequence
 */
public record DatasetStatistics(
    int users,
    int items,
    long interactions,
    double density,
    double meanLength,
    double medianLength,
    int minLength,
    int maxLength) {

  /** Computes the statistics of a data set. */
  public static DatasetStatistics of(InteractionDataset dataset) {
    int n = dataset.numUsers();
    int[] lengths = new int[n];
    for (int u = 0; u < n; u++) {
      lengths[u] = dataset.length(u);
    }
    Arrays.sort(lengths);
    long total = dataset.numInteractions();
    double density =
        n == 0 || dataset.numItems() == 0 ? 0 : (double) total / ((double) n * dataset.numItems());
    double mean = n == 0 ? 0 : (double) total / n;
    double median =
        n == 0 ? 0 : (n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2.0);
    return new DatasetStatistics(
        n,
        dataset.numItems(),
        total,
        density,
        mean,
        median,
        n == 0 ? 0 : lengths[0],
        n == 0 ? 0 : lengths[n - 1]);
  }

  /**
   * One line for a CLI, e.g. {@code users=6,040 items=3,416 interactions=999,611 density=4.8448%
   * ...}.
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "users=%,d items=%,d interactions=%,d density=%.4f%% length mean=%.2f median=%.1f min=%d max=%d",
        users,
        items,
        interactions,
        density * 100,
        meanLength,
        medianLength,
        minLength,
        maxLength);
  }
}
