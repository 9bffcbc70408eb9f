package io.palr.api.explain;

import java.util.Objects;

/**
 * An attribute of the recommended item that is also in the user's profile.
 *
 * @param kind what the attribute is: {@link #GENRE}, {@link #BRAND}, {@link #DECADE}, or a
 *     free-form attribute key
 * @param value the value as explanations write it, e.g. "crime", "1990s", "Maybelline"
 */
public record AttributeMatch(String kind, String value) {
  /** A genre or category. */
  public static final String GENRE = "genre";

  /** A brand or studio. */
  public static final String BRAND = "brand";

  /** A release decade such as "1990s". */
  public static final String DECADE = "decade";

  /** Validates the components. */
  public AttributeMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (kind.isBlank() || value.isBlank()) {
      throw new IllegalArgumentException("attribute kind and value must not be blank");
    }
  }
}
