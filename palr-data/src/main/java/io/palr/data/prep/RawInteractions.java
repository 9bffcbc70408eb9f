package io.palr.data.prep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.OptionalInt;

/**
 * A growable, compact buffer of interactions as a loader reads them, before preprocessing: external
 * user and item ids are interned to dense keys (in order of first appearance) and each interaction
 * takes one {@code int} user key, one {@code int} item key, one {@code long} timestamp and, only
 * when the source has ratings, one {@code float} rating. File order is kept; {@link Preprocessor}
 * relies on it to break timestamp ties.
 *
 * <p>Not thread-safe.
 */
public final class RawInteractions {
  private static final int INITIAL_CAPACITY = 1 << 12;

  private final HashMap<String, Integer> userIndex = new HashMap<>();
  private final ArrayList<String> userIds = new ArrayList<>();
  private final HashMap<String, Integer> itemIndex = new HashMap<>();
  private final ArrayList<String> itemIds = new ArrayList<>();
  private int[] users = new int[INITIAL_CAPACITY];
  private int[] items = new int[INITIAL_CAPACITY];
  private long[] timestamps = new long[INITIAL_CAPACITY];
  private float[] ratings; // null until the first rated interaction
  private int size;
  private String
      lastUserId; // files are often grouped by user: skip the hash lookup for a repeated user
  private int lastUserKey;

  /** An empty buffer. */
  public RawInteractions() {}

  /** The key of a user id, interning it if new. */
  public int userKey(String userId) {
    if (userId.equals(lastUserId)) {
      return lastUserKey;
    }
    Integer k = userIndex.get(userId);
    if (k == null) {
      k = userIds.size();
      userIndex.put(userId, k);
      userIds.add(userId);
    }
    lastUserId = userId;
    lastUserKey = k;
    return k;
  }

  /** Whether a user id has been seen. */
  public boolean hasUser(String userId) {
    return userIndex.containsKey(userId);
  }

  /**
   * The key of an item id, interning it if new. Loaders with an authoritative item file intern all
   * its ids first, so that the catalogue keeps the file's order.
   */
  public int itemKey(String itemId) {
    Integer k = itemIndex.get(itemId);
    if (k == null) {
      k = itemIds.size();
      itemIndex.put(itemId, k);
      itemIds.add(itemId);
    }
    return k;
  }

  /** The key of an already interned item id, if any. */
  public OptionalInt findItem(String itemId) {
    Integer k = itemIndex.get(itemId);
    return k == null ? OptionalInt.empty() : OptionalInt.of(k);
  }

  /**
   * Appends one interaction.
   *
   * @param userKey a key from {@link #userKey(String)}
   * @param itemKey a key from {@link #itemKey(String)}
   * @param timestamp event time or any order key
   * @param rating the explicit rating, or {@code Float.NaN} when the source has none
   */
  public void add(int userKey, int itemKey, long timestamp, float rating) {
    if (userKey < 0 || userKey >= userIds.size() || itemKey < 0 || itemKey >= itemIds.size()) {
      throw new IllegalArgumentException("unknown user or item key: " + userKey + ", " + itemKey);
    }
    if (size == users.length) {
      grow();
    }
    users[size] = userKey;
    items[size] = itemKey;
    timestamps[size] = timestamp;
    if (!Float.isNaN(rating) && ratings == null) {
      ratings = new float[users.length];
      Arrays.fill(ratings, 0, size, Float.NaN);
    }
    if (ratings != null) {
      ratings[size] = rating;
    }
    size++;
  }

  /** Appends one interaction by external ids (interning them). */
  public void add(String userId, String itemId, long timestamp, float rating) {
    add(userKey(userId), itemKey(itemId), timestamp, rating);
  }

  private void grow() {
    int cap = users.length;
    if (cap >= Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("more than 2^31 interactions");
    }
    int next = (int) Math.min(Integer.MAX_VALUE - 16L, cap + (long) (cap >> 1) + 16);
    users = Arrays.copyOf(users, next);
    items = Arrays.copyOf(items, next);
    timestamps = Arrays.copyOf(timestamps, next);
    if (ratings != null) {
      ratings = Arrays.copyOf(ratings, next);
    }
  }

  /** Number of interactions added. */
  public int size() {
    return size;
  }

  /** Number of distinct users seen. */
  public int numUsers() {
    return userIds.size();
  }

  /** Number of distinct item ids interned. */
  public int numItems() {
    return itemIds.size();
  }

  /** External id of a user key. */
  public String userId(int userKey) {
    return userIds.get(userKey);
  }

  /** External id of an item key. */
  public String itemId(int itemKey) {
    return itemIds.get(itemKey);
  }

  /** External user ids in key order (a read-only view). */
  public List<String> userIds() {
    return java.util.Collections.unmodifiableList(userIds);
  }

  /** External item ids in key order (a read-only view). */
  public List<String> itemIds() {
    return java.util.Collections.unmodifiableList(itemIds);
  }

  /** User key of interaction {@code i}. */
  public int user(int i) {
    return users[i];
  }

  /** Item key of interaction {@code i}. */
  public int item(int i) {
    return items[i];
  }

  /** Timestamp of interaction {@code i}. */
  public long timestamp(int i) {
    return timestamps[i];
  }

  /** Rating of interaction {@code i}, or {@code Float.NaN} when it has none. */
  public float rating(int i) {
    return ratings == null ? Float.NaN : ratings[i];
  }

  /** Whether any interaction has an explicit rating. */
  public boolean hasRatings() {
    return ratings != null;
  }
}
