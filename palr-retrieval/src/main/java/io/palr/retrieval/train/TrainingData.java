package io.palr.retrieval.train;

import io.palr.data.LeaveOneOutSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The training side of a leave-one-out split as models consume it: per user the training sequence
 * (catalogue indices, oldest first) and a sorted copy of it for fast negative sampling.
 */
public final class TrainingData {
  private final List<int[]> sequences;
  private final List<int[]> sortedItems;
  private final int numItems;
  private final int numInteractions;

  private TrainingData(List<int[]> sequences, int numItems) {
    this.sequences = List.copyOf(sequences);
    this.numItems = numItems;
    List<int[]> sorted = new ArrayList<>(sequences.size());
    int n = 0;
    for (int[] s : sequences) {
      int[] c = s.clone();
      Arrays.sort(c);
      sorted.add(c);
      n += s.length;
    }
    this.sortedItems = sorted;
    this.numInteractions = n;
  }

  /** The training sequences of a split (all but the last two items of each user). */
  public static TrainingData of(LeaveOneOutSplit split) {
    List<int[]> seqs = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      seqs.add(split.train(u));
    }
    return new TrainingData(seqs, split.numItems());
  }

  /** Training data from explicit sequences over a catalogue of {@code numItems} items. */
  public static TrainingData of(List<int[]> sequences, int numItems) {
    return new TrainingData(sequences, numItems);
  }

  /** Number of users. */
  public int numUsers() {
    return sequences.size();
  }

  /** Number of catalogue items. */
  public int numItems() {
    return numItems;
  }

  /** Total number of training interactions. */
  public int numInteractions() {
    return numInteractions;
  }

  /** User {@code u}'s training sequence (do not modify). */
  public int[] sequence(int u) {
    return sequences.get(u);
  }

  /** Whether user {@code u} interacted with {@code item} in training. */
  public boolean contains(int u, int item) {
    return Arrays.binarySearch(sortedItems.get(u), item) >= 0;
  }

  /**
   * A uniformly drawn item that user {@code u} did not interact with in training (any item if there
   * is none).
   */
  public int sampleNegative(int u, Random rng) {
    int[] seen = sortedItems.get(u);
    if (seen.length >= numItems) {
      return rng.nextInt(numItems);
    }
    int t;
    do {
      t = rng.nextInt(numItems);
    } while (Arrays.binarySearch(seen, t) >= 0);
    return t;
  }
}
