package io.palr.api.explain;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.List;

/**
 * Finds the history items that support recommended items, by one kind of signal: co-occurrence in
 * the training data, text similarity, a retriever's attention. Implementations are thread-safe, use
 * only data the recommender may use (the training split), and skip history items they do not know.
 */
public interface EvidenceSource {

  /** A short name for provenance, e.g. "co-occurrence". */
  String name();

  /**
   * The supporting history items of each item.
   *
   * @param history the user's history, oldest first; may be empty
   * @param items the recommended items
   * @param limit the most supports to return per item, at least 1
   * @return one list per item, in order, each strongest first and at most {@code limit} long;
   *     {@link Support#position()} indexes {@code history}
   */
  List<List<Support>> supports(UserHistory history, List<Item> items, int limit);
}
