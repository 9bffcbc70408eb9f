package io.palr.data;

import com.google.common.collect.ImmutableList;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, compact set of implicit interactions grouped by user in chronological order: one
 * {@code int} item index and one {@code long} timestamp per interaction in flat arrays (CSR
 * layout), no object per interaction. At 1M interactions it holds about 12 MB plus the catalogue.
 *
 * <p>Users are indexed {@code 0..numUsers()-1}; items are indices into {@link #catalog()}.
 */
public final class InteractionDataset {
  private final String name;
  private final Catalog catalog;
  private final ImmutableList<String> userIds;
  private final int[] offsets;
  private final int[] items;
  private final long[] timestamps;

  private InteractionDataset(
      String name,
      Catalog catalog,
      ImmutableList<String> userIds,
      int[] offsets,
      int[] items,
      long[] timestamps) {
    this.name = name;
    this.catalog = catalog;
    this.userIds = userIds;
    this.offsets = offsets;
    this.items = items;
    this.timestamps = timestamps;
  }

  /**
   * A data set from per-user arrays, taken as already chronological. The arrays are copied into the
   * flat layout.
   *
   * @param name a short name for reports and checkpoint fingerprints
   * @param catalog the item catalogue
   * @param userIds external user ids, one per sequence
   * @param sequences per user, item indices oldest first
   * @param times per user, timestamps parallel to {@code sequences}, or null when the source has
   *     none (the position is used)
   */
  public static InteractionDataset of(
      String name,
      Catalog catalog,
      List<String> userIds,
      List<int[]> sequences,
      List<long[]> times) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(catalog, "catalog");
    if (userIds.size() != sequences.size() || (times != null && times.size() != sequences.size())) {
      throw new IllegalArgumentException("userIds, sequences and times must have the same size");
    }
    int[] offsets = new int[sequences.size() + 1];
    long total = 0;
    for (int u = 0; u < sequences.size(); u++) {
      total += sequences.get(u).length;
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("more than 2^31 interactions");
      }
      offsets[u + 1] = (int) total;
    }
    int[] items = new int[(int) total];
    long[] ts = new long[(int) total];
    for (int u = 0; u < sequences.size(); u++) {
      int[] seq = sequences.get(u);
      for (int i = 0; i < seq.length; i++) {
        if (seq[i] < 0 || seq[i] >= catalog.size()) {
          throw new IllegalArgumentException(
              "user "
                  + userIds.get(u)
                  + ": item index "
                  + seq[i]
                  + " outside catalog of "
                  + catalog.size());
        }
      }
      System.arraycopy(seq, 0, items, offsets[u], seq.length);
      if (times != null) {
        long[] t = times.get(u);
        if (t.length != seq.length) {
          throw new IllegalArgumentException(
              "user " + userIds.get(u) + ": times and items differ in length");
        }
        System.arraycopy(t, 0, ts, offsets[u], t.length);
      } else {
        for (int i = 0; i < seq.length; i++) {
          ts[offsets[u] + i] = i;
        }
      }
    }
    return new InteractionDataset(name, catalog, ImmutableList.copyOf(userIds), offsets, items, ts);
  }

  /**
   * A data set from flat arrays in CSR layout: user {@code u}'s interactions are positions {@code
   * offsets[u]} to {@code offsets[u+1]-1} of {@code items} and {@code timestamps}, oldest first.
   * The arrays are validated and copied.
   *
   * @param name a short name for reports and checkpoint fingerprints
   * @param catalog the item catalogue
   * @param userIds external user ids, one per user
   * @param offsets {@code userIds.size() + 1} non-decreasing offsets, starting at 0 and ending at
   *     {@code items.length}
   * @param items item indices into {@code catalog}
   * @param timestamps one timestamp per interaction, parallel to {@code items}
   * @throws IllegalArgumentException if the arrays are inconsistent
   */
  public static InteractionDataset ofArrays(
      String name,
      Catalog catalog,
      List<String> userIds,
      int[] offsets,
      int[] items,
      long[] timestamps) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(catalog, "catalog");
    if (offsets.length != userIds.size() + 1) {
      throw new IllegalArgumentException(
          "offsets must have numUsers + 1 = "
              + (userIds.size() + 1)
              + " entries, not "
              + offsets.length);
    }
    if (items.length != timestamps.length) {
      throw new IllegalArgumentException("items and timestamps differ in length");
    }
    if (offsets[0] != 0 || offsets[offsets.length - 1] != items.length) {
      throw new IllegalArgumentException("offsets must start at 0 and end at " + items.length);
    }
    for (int u = 0; u < userIds.size(); u++) {
      if (offsets[u + 1] < offsets[u]) {
        throw new IllegalArgumentException("offsets decrease at user " + u);
      }
    }
    int n = catalog.size();
    for (int i = 0; i < items.length; i++) {
      if (items[i] < 0 || items[i] >= n) {
        throw new IllegalArgumentException(
            "item index " + items[i] + " at position " + i + " outside catalog of " + n);
      }
    }
    return new InteractionDataset(
        name,
        catalog,
        ImmutableList.copyOf(userIds),
        offsets.clone(),
        items.clone(),
        timestamps.clone());
  }

  /** Summary statistics (users, items, interactions, density, sequence lengths). */
  public DatasetStatistics statistics() {
    return DatasetStatistics.of(this);
  }

  /**
   * An estimate of the heap this data set's interaction arrays and user ids occupy, in bytes
   * (excluding the catalogue, which may be shared): 12 bytes per interaction plus 4 per user plus
   * the id strings.
   */
  public long estimatedSizeBytes() {
    long bytes = 16L * 3 + 4L * offsets.length + 4L * items.length + 8L * timestamps.length;
    for (String id : userIds) {
      bytes +=
          24 + 16 + id.length() + 8; // String header + byte[] header + Latin-1 bytes + list slot
    }
    return bytes;
  }

  /** The data set's name. */
  public String name() {
    return name;
  }

  /** The item catalogue. */
  public Catalog catalog() {
    return catalog;
  }

  /** Number of users. */
  public int numUsers() {
    return userIds.size();
  }

  /** Number of catalogue items. */
  public int numItems() {
    return catalog.size();
  }

  /** Total number of interactions. */
  public int numInteractions() {
    return items.length;
  }

  /** External id of user {@code u}. */
  public String userId(int u) {
    return userIds.get(u);
  }

  /** External user ids in index order. */
  public List<String> userIds() {
    return userIds;
  }

  /** Number of interactions of user {@code u}. */
  public int length(int u) {
    return offsets[u + 1] - offsets[u];
  }

  /** Item index of user {@code u}'s interaction at chronological position {@code pos}. */
  public int itemAt(int u, int pos) {
    return items[offsets[u] + pos];
  }

  /** Timestamp of user {@code u}'s interaction at chronological position {@code pos}. */
  public long timestampAt(int u, int pos) {
    return timestamps[offsets[u] + pos];
  }

  /** A copy of user {@code u}'s item sequence, oldest first. */
  public int[] sequence(int u) {
    return Arrays.copyOfRange(items, offsets[u], offsets[u + 1]);
  }

  /** A copy of user {@code u}'s timestamps, oldest first. */
  public long[] timestamps(int u) {
    return Arrays.copyOfRange(timestamps, offsets[u], offsets[u + 1]);
  }

  /** User {@code u}'s history as API value types. */
  public UserHistory history(int u) {
    return toHistory(userId(u), sequence(u), catalog);
  }

  /** Maps a sequence of catalogue indices to a {@link UserHistory}. */
  public static UserHistory toHistory(String userId, int[] sequence, Catalog catalog) {
    List<Item> list = new ArrayList<>(sequence.length);
    for (int i : sequence) {
      list.add(catalog.item(i));
    }
    return UserHistory.of(userId, list);
  }

  /**
   * A stable fingerprint of the contents (users, items and their order), used to tie model
   * checkpoints to the data they were trained on.
   */
  public String fingerprint() {
    com.google.common.hash.Hasher h = com.google.common.hash.Hashing.sha256().newHasher();
    h.putInt(catalog.size());
    for (Item it : catalog.items()) {
      h.putUnencodedChars(it.id()).putByte((byte) 0);
    }
    h.putInt(userIds.size());
    for (int x : offsets) {
      h.putInt(x);
    }
    for (int x : items) {
      h.putInt(x);
    }
    return h.hash().toString().substring(0, 16);
  }
}
