package io.palr.data;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.palr.api.Item;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An immutable item catalogue: a dense index {@code 0..size()-1} for every item, and the mapping
 * from external id to index. All int-indexed structures in palr (data sets, models, metrics) use
 * these indices.
 */
public final class Catalog {
  private final ImmutableList<Item> items;
  private final ImmutableMap<String, Integer> indexById;

  private Catalog(ImmutableList<Item> items) {
    this.items = items;
    ImmutableMap.Builder<String, Integer> b = ImmutableMap.builderWithExpectedSize(items.size());
    for (int i = 0; i < items.size(); i++) {
      b.put(items.get(i).id(), i);
    }
    this.indexById = b.buildOrThrow();
  }

  /**
   * A catalogue of the given items; the index of each is its position in the list.
   *
   * @throws IllegalArgumentException if two items share an id
   */
  public static Catalog of(List<Item> items) {
    Objects.requireNonNull(items, "items");
    try {
      return new Catalog(ImmutableList.copyOf(items));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("catalog has duplicate item ids: " + e.getMessage(), e);
    }
  }

  /** Number of items. */
  public int size() {
    return items.size();
  }

  /** The item at a dense index. */
  public Item item(int index) {
    return items.get(index);
  }

  /** The dense index of an external id, if the catalogue has it. */
  public OptionalInt indexOf(String id) {
    Integer i = indexById.get(id);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /**
   * The dense indices of {@code items} in order, leaving out items the catalogue does not have
   * (their number is {@code items.size()} minus the result's length).
   */
  public int[] indicesOf(List<Item> items) {
    int[] idx = new int[items.size()];
    int n = 0;
    for (Item it : items) {
      Integer i = indexById.get(it.id());
      if (i != null) {
        idx[n++] = i;
      }
    }
    return n == idx.length ? idx : java.util.Arrays.copyOf(idx, n);
  }

  /** Whether the catalogue has an item with this external id. */
  public boolean contains(String id) {
    return indexById.containsKey(id);
  }

  /** All items in index order. */
  public List<Item> items() {
    return items;
  }
}
