package io.palr.data.prep;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The output of {@link Preprocessor}: densely re-indexed users and items and the interaction
 * arrays, waiting for item metadata (titles, genres) to become an {@link InteractionDataset}.
 * Keeping metadata out of this step lets a loader read a large metadata file after filtering and
 * keep only the items that survived.
 */
public final class PreparedInteractions {
  private final List<String> userIds;
  private final List<String> itemIds;
  private final int[] offsets;
  private final int[] items;
  private final long[] timestamps;
  private final PreprocessSummary summary;

  PreparedInteractions(
      List<String> userIds,
      List<String> itemIds,
      int[] offsets,
      int[] items,
      long[] timestamps,
      PreprocessSummary summary) {
    this.userIds = List.copyOf(userIds);
    this.itemIds = List.copyOf(itemIds);
    this.offsets = offsets;
    this.items = items;
    this.timestamps = timestamps;
    this.summary = summary;
  }

  /** External ids of the surviving users, in dense index order. */
  public List<String> userIds() {
    return userIds;
  }

  /** External ids of the surviving items, in dense index order. */
  public List<String> itemIds() {
    return itemIds;
  }

  /** What each step removed. */
  public PreprocessSummary summary() {
    return summary;
  }

  /**
   * Builds the data set.
   *
   * @param name the data set's name
   * @param itemFor the catalogue item for each surviving item id; must return an item with that id
   *     (use {@code Item.of(id, "")} for items without metadata)
   * @throws IllegalStateException if {@code itemFor} returns null or an item with another id
   */
  public InteractionDataset toDataset(String name, Function<String, Item> itemFor) {
    Objects.requireNonNull(itemFor, "itemFor");
    List<Item> catalogItems = new ArrayList<>(itemIds.size());
    for (String id : itemIds) {
      Item it = itemFor.apply(id);
      if (it == null || !it.id().equals(id)) {
        throw new IllegalStateException("item lookup returned " + it + " for id " + id);
      }
      catalogItems.add(it);
    }
    return InteractionDataset.ofArrays(
        name, Catalog.of(catalogItems), userIds, offsets, items, timestamps);
  }
}
