package io.palr.text;

/** What an {@link ItemEmbeddings} computation found in its cache file. */
public enum CacheStatus {
  /** No cache file was configured. */
  DISABLED,
  /** There was no cache file yet; one was written. */
  CREATED,
  /** The file was valid and held every vector. */
  HIT,
  /** The file was valid; missing vectors were added and the file rewritten. */
  EXTENDED,
  /** The file was corrupt or truncated; it was ignored and rebuilt. */
  REBUILT_CORRUPT,
  /** The file came from another model or format version; it was ignored and rebuilt. */
  REBUILT_FOREIGN
}
