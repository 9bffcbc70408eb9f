package io.palr.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A catalogue item: a stable external id, a human-readable title and descriptive attributes.
 *
 * @param id stable external id (a MovieLens movie id, an Amazon ASIN, a SKU); never blank
 * @param title display title used in prompts; may be empty when the catalogue has none, never null
 * @param genres genres or categories, in the order the source lists them (no ranking implied); may
 *     be empty
 * @param brand the brand or studio, if known
 * @param year the release year, if known
 * @param attributes any further attributes (free-form key/value), insertion-ordered
 */
public record Item(
    String id,
    String title,
    List<String> genres,
    Optional<String> brand,
    OptionalInt year,
    Map<String, String> attributes) {

  /** Validates and defensively copies the components. */
  public Item {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("item id must not be blank");
    }
    Objects.requireNonNull(title, "title");
    genres = List.copyOf(Objects.requireNonNull(genres, "genres"));
    Objects.requireNonNull(brand, "brand");
    Objects.requireNonNull(year, "year");
    attributes =
        java.util.Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(attributes)));
  }

  /** An item with only an id and a title. */
  public static Item of(String id, String title) {
    return new Item(id, title, List.of(), Optional.empty(), OptionalInt.empty(), Map.of());
  }

  /** Starts a builder for an item with the given id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Whether this item has a non-blank title. */
  public boolean hasTitle() {
    return !title.isBlank();
  }

  /** The title, or the id when the title is blank: what a prompt shows for this item. */
  public String displayName() {
    return hasTitle() ? title : id;
  }

  /** A builder that copies this item, for changing some fields. */
  public Builder toBuilder() {
    Builder b = new Builder(id).title(title).genres(genres);
    brand.ifPresent(b::brand);
    year.ifPresent(b::year);
    attributes.forEach(b::attribute);
    return b;
  }

  /** Mutable builder of {@link Item}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private String title = "";
    private final List<String> genres = new ArrayList<>();
    private String brand;
    private Integer year;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = id;
    }

    /** Sets the title. */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /** Replaces the genres. */
    public Builder genres(List<String> genres) {
      this.genres.clear();
      this.genres.addAll(genres);
      return this;
    }

    /** Adds one genre. */
    public Builder genre(String genre) {
      this.genres.add(Objects.requireNonNull(genre, "genre"));
      return this;
    }

    /** Sets the brand (null clears it). */
    public Builder brand(String brand) {
      this.brand = brand;
      return this;
    }

    /** Sets the release year. */
    public Builder year(int year) {
      this.year = year;
      return this;
    }

    /** Adds a free-form attribute. */
    public Builder attribute(String key, String value) {
      attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Builds the immutable item. */
    public Item build() {
      return new Item(
          id,
          title,
          genres,
          Optional.ofNullable(brand),
          year == null ? OptionalInt.empty() : OptionalInt.of(year),
          attributes);
    }
  }
}
