package io.palr.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 2 of PALR: proposes a short list of candidate items for a user, which the LLM then ranks.
 * Restricting the LLM to candidates removes hallucinated items and keeps prompts short.
 *
 * <p>Implementations must be safe for concurrent callers. By contract {@link #retrieve} excludes
 * items already in the history unless the implementation documents otherwise, and returns at most
 * {@code k} candidates, best first.
 */
public interface CandidateRetriever {

  /** A short stable name used in provenance and reports, e.g. "sasrec". */
  String name();

  /**
   * Proposes up to {@code k} candidates for the user whose history is given, best first.
   *
   * @param history the user's history, oldest first; may be empty
   * @param k the maximum number of candidates, at least 1
   * @return at most {@code k} distinct candidates, best first
   * @throws IllegalArgumentException if {@code k < 1}
   */
  List<Candidate> retrieve(UserHistory history, int k);

  /**
   * Candidates for many users at once. The default calls {@link #retrieve} per user;
   * implementations backed by a model override it to batch.
   */
  default List<List<Candidate>> retrieveAll(List<UserHistory> histories, int k) {
    List<List<Candidate>> out = new ArrayList<>(histories.size());
    for (UserHistory h : histories) {
      out.add(retrieve(h, k));
    }
    return out;
  }
}
