package io.palr.eval.protocol;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which users of a split to evaluate: all of them (the default), the first {@code n} (quick smoke
 * runs), a seeded uniform sample of {@code n} (quick but unbiased estimates), or an explicit list.
 * Selected users are always evaluated and reported in ascending index order.
 */
public final class UserSelection {
  private enum Kind {
    ALL,
    FIRST,
    RANDOM,
    EXPLICIT
  }

  private final Kind kind;
  private final int max;
  private final long seed;
  private final int[] explicit;

  private UserSelection(Kind kind, int max, long seed, int[] explicit) {
    this.kind = kind;
    this.max = max;
    this.seed = seed;
    this.explicit = explicit;
  }

  /** Every user of the split. */
  public static UserSelection all() {
    return new UserSelection(Kind.ALL, Integer.MAX_VALUE, 0, null);
  }

  /** The first {@code maxUsers} users (all when fewer). */
  public static UserSelection first(int maxUsers) {
    return new UserSelection(Kind.FIRST, checkMax(maxUsers), 0, null);
  }

  /**
   * A uniform random sample of {@code maxUsers} users without replacement, reproducible from the
   * seed.
   */
  public static UserSelection random(int maxUsers, long seed) {
    return new UserSelection(Kind.RANDOM, checkMax(maxUsers), seed, null);
  }

  /** Exactly these split user indices (duplicates are dropped). */
  public static UserSelection of(int... users) {
    int[] u = Arrays.stream(users).distinct().sorted().toArray();
    return new UserSelection(Kind.EXPLICIT, u.length, 0, u);
  }

  /**
   * The selected user indices, ascending.
   *
   * @param numUsers the number of users in the split
   * @throws IllegalArgumentException if an explicit index is outside the split
   */
  public int[] select(int numUsers) {
    switch (kind) {
      case ALL -> {
        return range(numUsers);
      }
      case FIRST -> {
        return range(Math.min(max, numUsers));
      }
      case RANDOM -> {
        if (max >= numUsers) {
          return range(numUsers);
        }
        // partial Fisher-Yates over the index range
        int[] all = range(numUsers);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
          int j = i + rng.nextInt(numUsers - i);
          int t = all[i];
          all[i] = all[j];
          all[j] = t;
        }
        int[] out = Arrays.copyOf(all, max);
        Arrays.sort(out);
        return out;
      }
      case EXPLICIT -> {
        for (int u : explicit) {
          if (u < 0 || u >= numUsers) {
            throw new IllegalArgumentException(
                "user index " + u + " outside the split of " + numUsers + " users");
          }
        }
        return explicit.clone();
      }
      default -> throw new AssertionError(kind);
    }
  }

  /** A short description for reports, e.g. {@code random 1000 (seed 7)}. */
  public String describe() {
    return switch (kind) {
      case ALL -> "all";
      case FIRST -> "first " + max;
      case RANDOM -> "random " + max + " (seed " + seed + ")";
      case EXPLICIT -> explicit.length + " listed";
    };
  }

  @Override
  public String toString() {
    return describe();
  }

  private static int checkMax(int maxUsers) {
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be >= 1: " + maxUsers);
    }
    return maxUsers;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
