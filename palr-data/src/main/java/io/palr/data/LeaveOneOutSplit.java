package io.palr.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The leave-one-out split used by PALR, SASRec and most sequential-recommendation papers: per user,
 * the last item is the test target, the second-to-last the validation target, the rest is training.
 * A user needs at least 3 interactions; shorter users are kept out of the split and listed in
 * {@link #tooShortUsers()}.
 *
 * <p>Users of the split are indexed {@code 0..numUsers()-1} in the order of the source data set's
 * eligible users; the source index of each is {@link #sourceUser(int)}.
 *
 * <p>{@link #withHeldOutOfTraining(BitSet)} gives the same split with some items kept out of every
 * training sequence (the item-cold-start protocol): they can still be validation or test targets
 * and stay in the histories used to predict them.
 */
public final class LeaveOneOutSplit {
  /** Minimum sequence length for a user to take part in the split. */
  public static final int MIN_LENGTH = 3;

  private final InteractionDataset source;
  private final int[] sourceUsers;
  private final List<String> tooShortUsers;
  private final BitSet heldOut;

  private LeaveOneOutSplit(
      InteractionDataset source, int[] sourceUsers, List<String> tooShortUsers, BitSet heldOut) {
    this.source = source;
    this.sourceUsers = sourceUsers;
    this.tooShortUsers = tooShortUsers;
    this.heldOut = heldOut;
  }

  /** Splits the data set. */
  public static LeaveOneOutSplit of(InteractionDataset dataset) {
    Objects.requireNonNull(dataset, "dataset");
    int[] eligible = new int[dataset.numUsers()];
    int n = 0;
    java.util.ArrayList<String> tooShort = new java.util.ArrayList<>();
    for (int u = 0; u < dataset.numUsers(); u++) {
      if (dataset.length(u) >= MIN_LENGTH) {
        eligible[n++] = u;
      } else {
        tooShort.add(dataset.userId(u));
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "data set '"
              + dataset.name()
              + "' has no user with at least "
              + MIN_LENGTH
              + " interactions");
    }
    return new LeaveOneOutSplit(
        dataset, Arrays.copyOf(eligible, n), List.copyOf(tooShort), new BitSet());
  }

  /**
   * The same split (same users, same validation and test targets) with {@code items} removed from
   * every user's {@link #train(int)} sequence: what the item-cold-start protocol trains on.
   *
   * @param items catalogue indices kept out of training
   */
  public LeaveOneOutSplit withHeldOutOfTraining(BitSet items) {
    Objects.requireNonNull(items, "items");
    if (items.length() > numItems()) {
      throw new IllegalArgumentException(
          "item index " + (items.length() - 1) + " outside the catalogue of " + numItems());
    }
    return new LeaveOneOutSplit(source, sourceUsers, tooShortUsers, (BitSet) items.clone());
  }

  /** The items kept out of every training sequence (a copy; empty for a plain split). */
  public BitSet heldOutOfTraining() {
    return (BitSet) heldOut.clone();
  }

  /**
   * The items that occur in at least one training sequence: what a model trained on this split has
   * seen (a new copy).
   */
  public BitSet trainingItems() {
    BitSet seen = new BitSet(numItems());
    for (int u = 0; u < numUsers(); u++) {
      for (int i : train(u)) {
        seen.set(i);
      }
    }
    return seen;
  }

  /** Whether item {@code item} is kept out of training. */
  public boolean isHeldOutOfTraining(int item) {
    return heldOut.get(item);
  }

  /** The data set that was split. */
  public InteractionDataset dataset() {
    return source;
  }

  /** The catalogue. */
  public Catalog catalog() {
    return source.catalog();
  }

  /** Number of users in the split. */
  public int numUsers() {
    return sourceUsers.length;
  }

  /** Number of catalogue items. */
  public int numItems() {
    return source.numItems();
  }

  /** The index in {@link #dataset()} of split user {@code u}. */
  public int sourceUser(int u) {
    return sourceUsers[u];
  }

  /** External id of split user {@code u}. */
  public String userId(int u) {
    return source.userId(sourceUsers[u]);
  }

  /** External ids of the users too short to split (fewer than {@link #MIN_LENGTH} interactions). */
  public List<String> tooShortUsers() {
    return tooShortUsers;
  }

  /**
   * Training items of user {@code u}: all but the last two, oldest first, without the items held
   * out of training.
   */
  public int[] train(int u) {
    int[] t = prefix(u, 2);
    if (heldOut.isEmpty()) {
      return t;
    }
    return Arrays.stream(t).filter(i -> !heldOut.get(i)).toArray();
  }

  /** All items but the last, held-out ones included: the history used to predict the test item. */
  public int[] trainAndValidation(int u) {
    return prefix(u, 1);
  }

  /** The validation target of user {@code u}: the second-to-last item. */
  public int validationItem(int u) {
    int su = sourceUsers[u];
    return source.itemAt(su, source.length(su) - 2);
  }

  /** The test target of user {@code u}: the last item. */
  public int testItem(int u) {
    int su = sourceUsers[u];
    return source.itemAt(su, source.length(su) - 1);
  }

  private int[] prefix(int u, int dropLast) {
    int su = sourceUsers[u];
    int[] all = source.sequence(su);
    return Arrays.copyOf(all, all.length - dropLast);
  }
}
