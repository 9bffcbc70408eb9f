package io.palr.core.explain;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.explain.EvidenceSource;
import io.palr.api.explain.Popularity;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.data.Catalog;
import io.palr.data.LeaveOneOutSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Co-occurrence evidence from the training split: a history item supports a recommended item when
 * users interacted with both ("watched together by 212 people"). Supports are ranked by the cosine
 * of the two items' user sets, {@code count / sqrt(users(a) users(b))}, so that an item that
 * everybody has does not crowd out a telling one; {@link Support#value()} is the user count. Only
 * the {@link Options#window()} most recent distinct history items are considered, and pairs with
 * fewer than {@link Options#minCount()} users are no evidence.
 *
 * <p>Built from training sequences only (never validation or test items). Memory is one int per
 * (user, distinct item) pair; a query for up to 64 recommended items costs one pass over the users
 * of the considered history items and of the recommended items, plus one long per user of scratch
 * space. Immutable and thread-safe.
 */
public final class CoOccurrenceEvidence implements EvidenceSource {
  /** The name used in provenance. */
  public static final String NAME = "co-occurrence";

  /**
   * Settings.
   *
   * @param window the most recent distinct history items considered, at least 1
   * @param minCount the fewest common users that count as evidence, at least 1
   */
  public record Options(int window, int minCount) {
    /** Validates the settings. */
    public Options {
      if (window < 1 || minCount < 1) {
        throw new IllegalArgumentException("window and minCount must be >= 1");
      }
    }

    /** The 50 most recent history items, at least 2 common users. */
    public static Options defaults() {
      return new Options(50, 2);
    }
  }

  private final Catalog catalog;
  private final int[][] usersOf;
  private final int numUsers;
  private final Options options;

  private CoOccurrenceEvidence(Catalog catalog, int[][] usersOf, int numUsers, Options options) {
    this.catalog = catalog;
    this.usersOf = usersOf;
    this.numUsers = numUsers;
    this.options = options;
  }

  /** Evidence from the training sequences of a split, default options. */
  public static CoOccurrenceEvidence fromTraining(LeaveOneOutSplit split) {
    return fromTraining(split, Options.defaults());
  }

  /** Evidence from the training sequences of a split. */
  public static CoOccurrenceEvidence fromTraining(LeaveOneOutSplit split, Options options) {
    List<int[]> train = new ArrayList<>(split.numUsers());
    for (int u = 0; u < split.numUsers(); u++) {
      train.add(split.train(u));
    }
    return build(split.catalog(), train, options);
  }

  /**
   * Evidence from sequences of catalogue indices, one per user.
   *
   * @throws IllegalArgumentException if an index is outside the catalogue
   */
  public static CoOccurrenceEvidence build(
      Catalog catalog, List<int[]> sequences, Options options) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(options, "options");
    int n = catalog.size();
    int[] counts = new int[n];
    int[] lastUser = new int[n];
    Arrays.fill(lastUser, -1);
    for (int u = 0; u < sequences.size(); u++) {
      for (int i : sequences.get(u)) {
        if (i < 0 || i >= n) {
          throw new IllegalArgumentException(
              "item index " + i + " of user " + u + " outside [0, " + n + ")");
        }
        if (lastUser[i] != u) {
          lastUser[i] = u;
          counts[i]++;
        }
      }
    }
    int[][] usersOf = new int[n][];
    for (int i = 0; i < n; i++) {
      usersOf[i] = new int[counts[i]];
    }
    Arrays.fill(counts, 0);
    Arrays.fill(lastUser, -1);
    for (int u = 0; u < sequences.size(); u++) {
      for (int i : sequences.get(u)) {
        if (lastUser[i] != u) {
          lastUser[i] = u;
          usersOf[i][counts[i]++] = u; // users ascending: each list is sorted
        }
      }
    }
    return new CoOccurrenceEvidence(catalog, usersOf, sequences.size(), options);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Users in the data the evidence was built from. */
  public int numUsers() {
    return numUsers;
  }

  /** How many users interacted with the item; empty for an item outside the catalogue. */
  public Optional<Popularity> popularity(Item item) {
    OptionalInt i = catalog.indexOf(item.id());
    return i.isEmpty()
        ? Optional.empty()
        : Optional.of(new Popularity(usersOf[i.getAsInt()].length, numUsers));
  }

  /** How many users interacted with both items (0 when either is unknown or they are equal). */
  public int count(Item a, Item b) {
    OptionalInt i = catalog.indexOf(a.id());
    OptionalInt j = catalog.indexOf(b.id());
    if (i.isEmpty() || j.isEmpty() || i.getAsInt() == j.getAsInt()) {
      return 0;
    }
    return intersection(usersOf[i.getAsInt()], usersOf[j.getAsInt()]);
  }

  @Override
  public List<List<Support>> supports(UserHistory history, List<Item> items, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    // the window's distinct known history items, newest first
    List<Item> hist = history.items();
    int[] index = new int[Math.min(options.window(), hist.size())];
    int[] position = new int[index.length];
    int m = 0;
    Set<Integer> seen = new HashSet<>();
    for (int p = hist.size() - 1; p >= 0 && m < index.length; p--) {
      OptionalInt i = catalog.indexOf(hist.get(p).id());
      if (i.isPresent() && seen.add(i.getAsInt())) {
        index[m] = i.getAsInt();
        position[m] = p;
        m++;
      }
    }
    int[] candidates = new int[items.size()];
    for (int j = 0; j < items.size(); j++) {
      candidates[j] = catalog.indexOf(items.get(j).id()).orElse(-1);
    }
    int[][] counts = new int[items.size()][m];
    if (m > 0) {
      // one pass over the history items' users per block of 64 candidates: bit j of mask[u] says
      // that user u has candidate j
      long[] mask = new long[numUsers];
      for (int from = 0; from < items.size(); from += 64) {
        int to = Math.min(items.size(), from + 64);
        for (int j = from; j < to; j++) {
          if (candidates[j] >= 0) {
            for (int u : usersOf[candidates[j]]) {
              mask[u] |= 1L << (j - from);
            }
          }
        }
        for (int k = 0; k < m; k++) {
          for (int u : usersOf[index[k]]) {
            long bits = mask[u];
            while (bits != 0) {
              counts[from + Long.numberOfTrailingZeros(bits)][k]++;
              bits &= bits - 1;
            }
          }
        }
        for (int j = from; j < to; j++) {
          if (candidates[j] >= 0) {
            for (int u : usersOf[candidates[j]]) {
              mask[u] = 0;
            }
          }
        }
      }
    }
    List<List<Support>> out = new ArrayList<>(items.size());
    for (int j = 0; j < items.size(); j++) {
      int c = candidates[j];
      if (c < 0 || m == 0) {
        out.add(List.of());
        continue;
      }
      List<Scored> found = new ArrayList<>();
      for (int k = 0; k < m; k++) {
        int h = index[k];
        int count = counts[j][k];
        if (h != c && count >= options.minCount()) {
          double score = count / Math.sqrt((double) usersOf[h].length * usersOf[c].length);
          found.add(
              new Scored(
                  new Support(hist.get(position[k]), position[k], SupportKind.CO_OCCURRENCE, count),
                  score));
        }
      }
      // strongest first; among equals the more recent (found in newest-first order, sort is stable)
      found.sort((x, y) -> Double.compare(y.score(), x.score()));
      List<Support> top = new ArrayList<>(Math.min(limit, found.size()));
      for (int k = 0; k < Math.min(limit, found.size()); k++) {
        top.add(found.get(k).support());
      }
      out.add(List.copyOf(top));
    }
    return out;
  }

  private static int intersection(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        n++;
        i++;
        j++;
      }
    }
    return n;
  }

  private record Scored(Support support, double score) {}
}
