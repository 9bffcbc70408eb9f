package io.palr.text;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.UserHistory;
import io.palr.api.scoring.ItemScorer;
import io.palr.api.scoring.TopK;
import io.palr.data.Catalog;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Candidates by text: the user is the recency-weighted mean of the text vectors of the history's
 * items (weight {@code decay^age}, the newest item has age 0), and every catalogue item is ranked
 * by cosine similarity to it, history excluded. Items need no interactions, only text, so an item
 * added to the catalogue an hour ago is retrieved like any other.
 *
 * <p>History items missing from the catalogue are skipped and counted; a history with none left
 * gets the fallback scores (e.g. popularity) if configured, otherwise no candidates. {@link
 * #scorer()} is the same model as an {@link ItemScorer} for full-ranking evaluation.
 *
 * <p>Immutable and thread-safe.
 */
public final class TextEmbeddingRetriever implements CandidateRetriever {
  private static final int ITEM_BLOCK = 1024;
  private static final int USER_CHUNK = 32;

  private final String name;
  private final Catalog catalog;
  private final int dim;
  private final float[][] byDimension;
  private final float[][] itemVectors;
  private final double decay;
  private final float[] fallback;
  private final boolean parallel;
  private final LongAdder unknownItems = new LongAdder();
  private final ItemScorer scorer = new Scorer();

  private TextEmbeddingRetriever(Builder b) {
    this.name = b.name;
    this.catalog = b.catalog;
    this.decay = b.decay;
    this.fallback = b.fallback;
    this.parallel = b.parallel;
    this.itemVectors = b.embeddings.matrix();
    this.dim = b.embeddings.dimension();
    int n = catalog.size();
    this.byDimension = new float[dim][n];
    for (int j = 0; j < n; j++) {
      float[] v = itemVectors[j];
      for (int d = 0; d < dim; d++) {
        byDimension[d][j] = v[d];
      }
    }
  }

  /** A builder over {@code catalog}, whose items {@code embeddings} holds in catalogue order. */
  public static Builder builder(Catalog catalog, ItemEmbeddings embeddings) {
    return new Builder(catalog, embeddings);
  }

  @Override
  public String name() {
    return name;
  }

  /** The model as a scorer of every catalogue item (history items not masked). */
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
    List<int[]> indices = new ArrayList<>(histories.size());
    for (UserHistory h : histories) {
      indices.add(toIndices(h));
    }
    float[][] scores = score(indices);
    List<List<Candidate>> out = new ArrayList<>(histories.size());
    for (int u = 0; u < indices.size(); u++) {
      int[] idx = indices.get(u);
      float[] row = scores[u];
      if (row == null) {
        out.add(List.of());
        continue;
      }
      BitSet excluded = new BitSet(row.length);
      for (int i : idx) {
        excluded.set(i);
      }
      List<Candidate> cands = new ArrayList<>(k);
      for (int i : TopK.select(row, k, excluded)) {
        cands.add(new Candidate(catalog.item(i), row[i], name));
      }
      out.add(List.copyOf(cands));
    }
    return out;
  }

  /** Scores per history; null rows for histories with no known item and no fallback. */
  private float[][] score(List<int[]> histories) {
    int users = histories.size();
    float[][] out = new float[users][];
    float[][] queries = new float[users][];
    for (int u = 0; u < users; u++) {
      queries[u] = userVector(histories.get(u));
    }
    int chunks = (users + USER_CHUNK - 1) / USER_CHUNK;
    IntStream range = IntStream.range(0, chunks);
    if (parallel && chunks > 1) {
      range = range.parallel();
    }
    range.forEach(
        c -> {
          int from = c * USER_CHUNK;
          int to = Math.min(users, from + USER_CHUNK);
          multiply(queries, from, to, out);
        });
    for (int u = 0; u < users; u++) {
      if (queries[u] == null) {
        out[u] = fallback == null ? null : fallback.clone();
      }
    }
    return out;
  }

  /** out[u] = items . queries[u] for u in [from, to), blocked over items to stay in cache. */
  private void multiply(float[][] queries, int from, int to, float[][] out) {
    int n = catalog.size();
    for (int u = from; u < to; u++) {
      if (queries[u] != null) {
        out[u] = new float[n];
      }
    }
    for (int j0 = 0; j0 < n; j0 += ITEM_BLOCK) {
      int j1 = Math.min(n, j0 + ITEM_BLOCK);
      for (int u = from; u < to; u++) {
        float[] q = queries[u];
        if (q == null) {
          continue;
        }
        float[] s = out[u];
        int d = 0;
        for (; d + 3 < dim; d += 4) {
          axpy4(
              s,
              j0,
              j1,
              q[d],
              byDimension[d],
              q[d + 1],
              byDimension[d + 1],
              q[d + 2],
              byDimension[d + 2],
              q[d + 3],
              byDimension[d + 3]);
        }
        for (; d < dim; d++) {
          float a = q[d];
          float[] t = byDimension[d];
          for (int j = j0; j < j1; j++) {
            s[j] += a * t[j];
          }
        }
      }
    }
  }

  // one call per 4 dimensions: a simple counted loop that the JIT vectorizes
  private static void axpy4(
      float[] s,
      int j0,
      int j1,
      float a,
      float[] ta,
      float b,
      float[] tb,
      float c,
      float[] tc,
      float e,
      float[] te) {
    for (int j = j0; j < j1; j++) {
      s[j] += a * ta[j] + b * tb[j] + c * tc[j] + e * te[j];
    }
  }

  /** The unit-length recency-weighted mean of the history's vectors, or null for no history. */
  private float[] userVector(int[] history) {
    if (history.length == 0) {
      return null;
    }
    float[] q = new float[dim];
    double w = 1;
    for (int p = history.length - 1; p >= 0; p--) {
      float[] v = itemVectors[history[p]];
      for (int d = 0; d < dim; d++) {
        q[d] += (float) (w * v[d]);
      }
      w *= decay;
    }
    double norm = 0;
    for (float x : q) {
      norm += (double) x * x;
    }
    if (norm == 0) {
      return q;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < dim; d++) {
      q[d] *= inv;
    }
    return q;
  }

  private int[] toIndices(UserHistory h) {
    int[] idx = catalog.indicesOf(h.items());
    if (idx.length < h.size()) {
      unknownItems.add(h.size() - idx.length);
    }
    return idx;
  }

  /** The scorer view; empty histories get the fallback scores, or zeros. */
  private final class Scorer implements ItemScorer {
    @Override
    public int numItems() {
      return catalog.size();
    }

    @Override
    public float[][] scoreAll(List<int[]> histories) {
      float[][] s = score(histories);
      for (int u = 0; u < s.length; u++) {
        if (s[u] == null) {
          s[u] = new float[catalog.size()];
        }
      }
      return s;
    }
  }

  /** Builder of {@link TextEmbeddingRetriever}; not thread-safe. */
  public static final class Builder {
    private final Catalog catalog;
    private final ItemEmbeddings embeddings;
    private String name = "text";
    private double decay = 0.7;
    private float[] fallback;
    private boolean parallel = Runtime.getRuntime().availableProcessors() > 1;

    private Builder(Catalog catalog, ItemEmbeddings embeddings) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
      if (embeddings.size() != catalog.size()) {
        throw new IllegalArgumentException(
            "embeddings hold " + embeddings.size() + " items, the catalogue " + catalog.size());
      }
    }

    /** Name in provenance and reports (default "text"). */
    public Builder name(String v) {
      this.name = Objects.requireNonNull(v, "name");
      return this;
    }

    /**
     * Recency decay: the weight of a history item is {@code decay^age}, age 0 for the newest
     * (default 0.7; 1 = plain mean).
     */
    public Builder recencyDecay(double v) {
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException("recency decay must be in (0, 1]: " + v);
      }
      this.decay = v;
      return this;
    }

    /**
     * Scores for histories with no catalogue item, one per catalogue item (e.g. popularity counts);
     * default none (no candidates for such histories).
     */
    public Builder fallbackScores(float[] v) {
      if (v != null && v.length != catalog.size()) {
        throw new IllegalArgumentException(
            "fallback has " + v.length + " scores, the catalogue " + catalog.size() + " items");
      }
      this.fallback = v == null ? null : v.clone();
      return this;
    }

    /**
     * Whether batches of more than 32 users are scored in parallel on the common fork-join pool
     * (default: when the machine has more than one core).
     */
    public Builder parallel(boolean v) {
      this.parallel = v;
      return this;
    }

    /** The retriever. */
    public TextEmbeddingRetriever build() {
      return new TextEmbeddingRetriever(this);
    }
  }
}
