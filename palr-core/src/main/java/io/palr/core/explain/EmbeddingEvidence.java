package io.palr.core.explain;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.explain.EvidenceSource;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Evidence from item vectors: the history items closest to a recommended item by cosine similarity,
 * e.g. {@link SupportKind#TEXT_SIMILARITY} over a sentence encoder's item embeddings. It needs only
 * a function from an item to its vector, so any encoder plugs in without palr-core depending on it:
 *
 * <pre>{@code
 * new EmbeddingEvidence("text", SupportKind.TEXT_SIMILARITY, item -> vectors.get(item.id()), 0.5)
 * }</pre>
 *
 * <p>Items without a vector are skipped; each distinct history item counts once, at its most recent
 * position. Thread-safe when the function is.
 */
public final class EmbeddingEvidence implements EvidenceSource {
  private final String name;
  private final SupportKind kind;
  private final Function<Item, Optional<float[]>> vectors;
  private final double minSimilarity;

  /**
   * Evidence from vectors.
   *
   * @param name the source's name for provenance, e.g. "text"
   * @param kind the kind of support its similarities are
   * @param vectors an item's vector, empty when it has none; all vectors have one length
   * @param minSimilarity the least cosine that counts as support, in [-1, 1]
   */
  public EmbeddingEvidence(
      String name,
      SupportKind kind,
      Function<Item, Optional<float[]>> vectors,
      double minSimilarity) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.vectors = Objects.requireNonNull(vectors, "vectors");
    if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
      throw new IllegalArgumentException("minSimilarity must be in [-1, 1]: " + minSimilarity);
    }
    this.minSimilarity = minSimilarity;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<List<Support>> supports(UserHistory history, List<Item> items, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    List<Item> hist = history.items();
    List<float[]> hv = new ArrayList<>();
    List<Integer> hp = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int p = hist.size() - 1; p >= 0; p--) {
      Item h = hist.get(p);
      if (seen.add(h.id())) {
        Optional<float[]> v = vectors.apply(h);
        if (v.isPresent()) {
          hv.add(v.get());
          hp.add(p);
        }
      }
    }
    List<List<Support>> out = new ArrayList<>(items.size());
    for (Item it : items) {
      Optional<float[]> cv = vectors.apply(it);
      if (cv.isEmpty() || hv.isEmpty()) {
        out.add(List.of());
        continue;
      }
      List<Support> found = new ArrayList<>();
      for (int k = 0; k < hv.size(); k++) {
        Item h = hist.get(hp.get(k));
        double cos = cosine(cv.get(), hv.get(k));
        if (!h.id().equals(it.id()) && cos >= minSimilarity) {
          found.add(new Support(h, hp.get(k), kind, cos));
        }
      }
      // strongest first; among equals the more recent (found newest first, the sort is stable)
      found.sort((a, b) -> Double.compare(b.value(), a.value()));
      out.add(List.copyOf(found.subList(0, Math.min(limit, found.size()))));
    }
    return out;
  }

  private static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of length " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
  }
}
