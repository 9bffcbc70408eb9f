package io.palr.spark.prep;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The interaction log and which of its columns hold the user, the item, the timestamp and the
 * rating. Candidates are tried in order; the defaults are palr's CSV loader's: user from {@code
 * user_id}, {@code user}, {@code userId}; item from {@code item_id}, {@code item}, {@code itemId},
 * {@code movieId}, {@code asin}; timestamp from {@code timestamp}, {@code time}, {@code ts}; rating
 * from {@code rating}. Headerless CSV defaults to user = column 0, item = column 1, no timestamp
 * (file order is the order) and no rating.
 *
 * @param table the files
 * @param user user column candidates
 * @param item item column candidates
 * @param timestamp timestamp column candidates; empty for none (file order)
 * @param rating rating column candidates; empty for none
 */
public record InteractionSource(
    TableSource table,
    List<ColumnRef> user,
    List<ColumnRef> item,
    List<ColumnRef> timestamp,
    List<ColumnRef> rating)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates the components. */
  public InteractionSource {
    Objects.requireNonNull(table, "table");
    user = List.copyOf(user);
    item = List.copyOf(item);
    timestamp = List.copyOf(timestamp);
    rating = List.copyOf(rating);
    if (user.isEmpty() || item.isEmpty()) {
      throw new IllegalArgumentException("user and item columns are required");
    }
  }

  /** A source with the default column mapping for its layout. */
  public static InteractionSource of(TableSource table) {
    if (table.positional()) {
      return new InteractionSource(
          table, List.of(ColumnRef.at(0)), List.of(ColumnRef.at(1)), List.of(), List.of());
    }
    return new InteractionSource(
        table,
        names("user_id", "user", "userId"),
        names("item_id", "item", "itemId", "movieId", "asin"),
        names("timestamp", "time", "ts"),
        names("rating"));
  }

  /** This source with the columns given explicitly (null keeps a default; empty means none). */
  public InteractionSource withColumns(
      ColumnRef user, ColumnRef item, ColumnRef timestamp, ColumnRef rating) {
    return new InteractionSource(
        table,
        user == null ? this.user : List.of(user),
        item == null ? this.item : List.of(item),
        timestamp == null ? this.timestamp : List.of(timestamp),
        rating == null ? this.rating : List.of(rating));
  }

  /** This source without a timestamp column: file order is the chronological order. */
  public InteractionSource withoutTimestamp() {
    return new InteractionSource(table, user, item, List.of(), rating);
  }

  /** This source without a rating column. */
  public InteractionSource withoutRating() {
    return new InteractionSource(table, user, item, timestamp, List.of());
  }

  private static List<ColumnRef> names(String... names) {
    return java.util.Arrays.stream(names).map(ColumnRef::named).toList();
  }
}
