package io.palr.api;

import java.util.List;
import java.util.Objects;

/**
 * A natural-language summary of a user's preferences, the "profile" part of a PALR prompt.
 *
 * @param keywords a few preference keywords, e.g. "pop music", "fantasy films"; may be empty
 * @param text the profile as one sentence for a prompt; may be empty
 * @param source what produced the profile (e.g. "attributes", "llm:stories260K")
 */
public record UserProfile(List<String> keywords, String text, String source) {
  /** Validates and defensively copies the components. */
  public UserProfile {
    keywords = List.copyOf(Objects.requireNonNull(keywords, "keywords"));
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
  }

  /** The empty profile, for users with no usable history. */
  public static UserProfile empty(String source) {
    return new UserProfile(List.of(), "", source);
  }

  /** Whether the profile carries no information. */
  public boolean isEmpty() {
    return keywords.isEmpty() && text.isBlank();
  }
}
