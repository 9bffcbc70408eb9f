package io.palr.api.explain;

import io.palr.api.Item;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What is known about why an item was recommended to a user: the only material an explanation may
 * use.
 *
 * @param item the recommended item
 * @param origin which stage put it where it is
 * @param retriever the name of the retriever that proposed it
 * @param historySize how many history items the evidence was drawn from (0 for a cold start)
 * @param supports history items supporting it, grouped by source in the order the sources were
 *     configured, strongest first within a source
 * @param attributes attributes of the item that the user's profile also has
 * @param popularity how many training users interacted with the item, when known
 */
public record Evidence(
    Item item,
    ItemOrigin origin,
    String retriever,
    int historySize,
    List<Support> supports,
    List<AttributeMatch> attributes,
    Optional<Popularity> popularity) {
  /** Validates and defensively copies the components. */
  public Evidence {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(retriever, "retriever");
    if (historySize < 0) {
      throw new IllegalArgumentException("historySize must be >= 0: " + historySize);
    }
    supports = List.copyOf(Objects.requireNonNull(supports, "supports"));
    attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
    Objects.requireNonNull(popularity, "popularity");
  }

  /** The distinct supporting history items, in the order of {@link #supports()}. */
  public List<Item> supportingItems() {
    List<Item> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Support s : supports) {
      if (seen.add(s.item().id())) {
        out.add(s.item());
      }
    }
    return out;
  }

  /** The supports of one kind, in order. */
  public List<Support> supports(SupportKind kind) {
    return supports.stream().filter(s -> s.kind() == kind).toList();
  }
}
