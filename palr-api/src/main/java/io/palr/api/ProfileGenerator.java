package io.palr.api;

/**
 * Stage 1 of PALR: summarises a user's history into a few natural-language preference keywords.
 * Implementations must be safe for concurrent callers and must not throw on an empty history
 * (return {@link UserProfile#empty}).
 */
public interface ProfileGenerator {

  /** A short stable name used in provenance, e.g. "attributes". */
  String name();

  /** The profile of the user whose history is given. */
  UserProfile profile(UserHistory history);
}
