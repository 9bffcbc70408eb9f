package io.palr.retrieval.serving;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.scoring.ItemScorer;
import io.palr.api.scoring.ScoreException;
import io.palr.api.scoring.TopK;
import io.palr.data.Catalog;
import io.palr.retrieval.simple.PopularityScorer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public {@link CandidateRetriever} over any {@link ItemScorer}: maps histories to catalogue
 * indices, scores users in batches, drops items already in the history (unless configured
 * otherwise) and returns the top K as {@link Candidate}s. Items unknown to the catalogue are
 * skipped and counted ({@link #unknownItemCount()}); a history with no known item gets the
 * popularity ranking. Thread-safe when the scorer is (all palr scorers are).
 */
public final class ScorerRetriever implements CandidateRetriever {
  private static final Logger LOG = LoggerFactory.getLogger(ScorerRetriever.class);

  private final String name;
  private final ItemScorer scorer;
  private final Catalog catalog;
  private final PopularityScorer popularity;
  private final boolean excludeHistory;
  private final LongAdder unknownItems = new LongAdder();

  /**
   * A retriever.
   *
   * @param name short name used as candidate source and in provenance, e.g. "sasrec"
   * @param scorer the model
   * @param catalog the catalogue the scorer's indices refer to
   * @param popularity the cold-start fallback
   * @param excludeHistory whether items in the history are kept out of the candidates (the
   *     contract's default)
   */
  public ScorerRetriever(
      String name,
      ItemScorer scorer,
      Catalog catalog,
      PopularityScorer popularity,
      boolean excludeHistory) {
    this.name = Objects.requireNonNull(name, "name");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.popularity = Objects.requireNonNull(popularity, "popularity");
    this.excludeHistory = excludeHistory;
    if (scorer.numItems() != catalog.size() || popularity.numItems() != catalog.size()) {
      throw new IllegalArgumentException(
          "scorer ("
              + scorer.numItems()
              + " items), popularity ("
              + popularity.numItems()
              + ") and catalog ("
              + catalog.size()
              + ") disagree");
    }
  }

  /** A retriever that excludes history items. */
  public ScorerRetriever(
      String name, ItemScorer scorer, Catalog catalog, PopularityScorer popularity) {
    this(name, scorer, catalog, popularity, true);
  }

  @Override
  public String name() {
    return name;
  }

  /** The underlying scorer. */
  public ItemScorer scorer() {
    return scorer;
  }

  /** How many history items were not in the catalogue (skipped) since this retriever was built. */
  public long unknownItemCount() {
    return unknownItems.sum();
  }

  @Override
  public List<Candidate> retrieve(UserHistory history, int k) {
    return retrieveAll(List.of(history), k).get(0);
  }

  @Override
  public List<List<Candidate>> retrieveAll(List<UserHistory> histories, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    int n = histories.size();
    List<int[]> indices = new ArrayList<>(n);
    List<int[]> known = new ArrayList<>(n);
    for (UserHistory h : histories) {
      int[] idx = toIndices(h);
      indices.add(idx);
      if (idx.length > 0) {
        known.add(idx);
      }
    }
    float[][] scores = known.isEmpty() ? new float[0][] : scorer.scoreAll(known);
    float[][] pop = null;
    List<List<Candidate>> out = new ArrayList<>(n);
    int next = 0;
    for (int[] idx : indices) {
      float[] row;
      if (idx.length > 0) {
        row = scores[next++];
      } else {
        if (pop == null) {
          pop = popularity.scoreAll(List.of(idx));
        }
        row = pop[0];
      }
      BitSet excluded = null;
      if (excludeHistory && idx.length > 0) {
        excluded = new BitSet(row.length);
        for (int i : idx) {
          excluded.set(i);
        }
      }
      for (int i = 0; i < row.length; i++) {
        if (!Float.isFinite(row[i]) && (excluded == null || !excluded.get(i))) {
          throw new ScoreException(
              ScoreException.nonFinite(
                  histories.get(out.size()).userId(), "'" + catalog.item(i).id() + "'", row[i]));
        }
      }
      int[] top = TopK.select(row, k, excluded);
      List<Candidate> cands = new ArrayList<>(top.length);
      for (int i : top) {
        Item item = catalog.item(i);
        cands.add(new Candidate(item, row[i], name));
      }
      out.add(List.copyOf(cands));
    }
    return out;
  }

  private int[] toIndices(UserHistory h) {
    int[] idx = catalog.indicesOf(h.items());
    int unknown = h.size() - idx.length;
    if (unknown > 0) {
      unknownItems.add(unknown);
      LOG.debug(
          "{}: skipped {} unknown item(s) in the history of user {}", name, unknown, h.userId());
    }
    return idx;
  }
}
