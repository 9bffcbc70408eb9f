package io.palr.api.explain;

import io.palr.api.Item;
import java.util.Objects;

/**
 * One history item supporting a recommended item.
 *
 * @param item the history item
 * @param position its index in the user's history (0 = oldest; the most recent occurrence when the
 *     item occurs more than once)
 * @param kind the kind of support, which says what {@code value} means
 * @param value the size of the support in the kind's unit (a user count, a cosine, an attention
 *     weight)
 */
public record Support(Item item, int position, SupportKind kind, double value) {
  /** Validates the components. */
  public Support {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(kind, "kind");
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0: " + position);
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite: " + value);
    }
  }
}
