package io.palr.retrieval.hybrid;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Candidates from several retrievers, fused: each component retrieves a deeper pool, and an item's
 * fused score is the weighted mean of its per-component scores ({@link Fusion}; 0 for an item a
 * component knows but did not retrieve).
 *
 * <p>A component may declare which items it knows (for a model, the items it was trained on). For
 * the other items it abstains: they are scored by the components that know them only, instead of
 * getting its 0. Without that, additive fusion favours items every list holds, and an item only a
 * text retriever knows (a new item) could hardly reach the top even when text ranks it first.
 * Without any such declaration the order is that of the plain weighted sum.
 *
 * <p>Ties keep the order of first appearance (components in the order added). Thread-safe when the
 * components and their predicates are.
 */
public final class HybridRetriever implements CandidateRetriever {

  /** How per-component results are combined. */
  public enum Fusion {
    /**
     * Reciprocal-rank fusion: {@code sum_c w_c / (rrfK + rank_c)}, rank 1-based, 0 when absent.
     * Needs no score calibration.
     */
    RECIPROCAL_RANK,
    /**
     * Score fusion: {@code sum_c w_c * minmax_c(score)}, each component's pool min-max scaled to
     * [0, 1], 0 when absent.
     */
    SCORE
  }

  /**
   * One component.
   *
   * @param retriever the retriever
   * @param weight its weight, finite and >= 0
   * @param knows the items it can score; it abstains on the others
   */
  public record Component(CandidateRetriever retriever, double weight, Predicate<Item> knows) {
    /** Validates. */
    public Component {
      Objects.requireNonNull(retriever, "retriever");
      Objects.requireNonNull(knows, "knows");
      if (!Double.isFinite(weight) || weight < 0) {
        throw new IllegalArgumentException("weight must be finite and >= 0: " + weight);
      }
    }
  }

  private final String name;
  private final List<Component> components;
  private final Fusion fusion;
  private final int rrfK;
  private final int pool;

  private HybridRetriever(Builder b) {
    this.name = b.name;
    this.components = List.copyOf(b.components);
    this.fusion = b.fusion;
    this.rrfK = b.rrfK;
    this.pool = b.pool;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** The components, in order. */
  public List<Component> components() {
    return components;
  }

  /** The fusion rule. */
  public Fusion fusion() {
    return fusion;
  }

  /** A copy with other weights, one per component in order (for tuning). */
  public HybridRetriever withWeights(double... weights) {
    if (weights.length != components.size()) {
      throw new IllegalArgumentException(
          weights.length + " weights for " + components.size() + " components");
    }
    Builder b = builder().name(name).fusion(fusion).rrfK(rrfK).pool(pool);
    for (int i = 0; i < weights.length; i++) {
      b.add(components.get(i).retriever(), weights[i], components.get(i).knows());
    }
    return b.build();
  }

  /** A short description, e.g. "RRF(sasrec x1, text x0.5)". */
  public String describe() {
    StringBuilder sb = new StringBuilder(fusion == Fusion.SCORE ? "score(" : "RRF(");
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(c.retriever().name())
          .append(" x")
          .append(weightText(c.weight()));
    }
    return sb.append(')').toString();
  }

  private static String weightText(double w) {
    return w == Math.rint(w) ? Long.toString((long) w) : String.format(Locale.ROOT, "%s", w);
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
    int depth = Math.max(k, pool);
    List<List<List<Candidate>>> perComponent = new ArrayList<>(components.size());
    for (Component c : components) {
      perComponent.add(c.retriever().retrieveAll(histories, depth));
    }
    List<List<Candidate>> out = new ArrayList<>(histories.size());
    for (int u = 0; u < histories.size(); u++) {
      // per item: weighted score sum, then the weight of the components that know it
      Map<String, double[]> fused = new LinkedHashMap<>();
      Map<String, Item> items = new LinkedHashMap<>();
      for (int c = 0; c < components.size(); c++) {
        Component comp = components.get(c);
        // a component's own ranks and score range count the items it knows only
        List<Candidate> list = new ArrayList<>();
        for (Candidate cand : perComponent.get(c).get(u)) {
          items.putIfAbsent(cand.item().id(), cand.item());
          fused.computeIfAbsent(cand.item().id(), id -> new double[1]);
          if (comp.knows().test(cand.item())) {
            list.add(cand);
          }
        }
        double w = comp.weight();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Candidate cand : list) {
          min = Math.min(min, cand.score());
          max = Math.max(max, cand.score());
        }
        for (int r = 0; r < list.size(); r++) {
          Candidate cand = list.get(r);
          double part =
              switch (fusion) {
                case RECIPROCAL_RANK -> w / (rrfK + r + 1);
                case SCORE -> w * (max > min ? (cand.score() - min) / (max - min) : 1.0);
              };
          fused.get(cand.item().id())[0] += part;
        }
      }
      for (Map.Entry<String, double[]> e : fused.entrySet()) {
        Item item = items.get(e.getKey());
        double known = 0;
        for (Component c : components) {
          if (c.knows().test(item)) {
            known += c.weight();
          }
        }
        e.getValue()[0] = known > 0 ? e.getValue()[0] / known : 0;
      }
      List<Map.Entry<String, double[]>> ranked = new ArrayList<>(fused.entrySet());
      // stable sort: ties keep the order of first appearance
      ranked.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
      List<Candidate> cands = new ArrayList<>(Math.min(k, ranked.size()));
      for (int i = 0; i < Math.min(k, ranked.size()); i++) {
        Map.Entry<String, double[]> e = ranked.get(i);
        cands.add(new Candidate(items.get(e.getKey()), e.getValue()[0], name));
      }
      out.add(List.copyOf(cands));
    }
    return out;
  }

  /** Builder of {@link HybridRetriever}; not thread-safe. */
  public static final class Builder {
    private String name = "hybrid";
    private final List<Component> components = new ArrayList<>();
    private Fusion fusion = Fusion.RECIPROCAL_RANK;
    private int rrfK = 60;
    private int pool = 200;

    private Builder() {}

    /** Adds a component that knows every item. */
    public Builder add(CandidateRetriever retriever, double weight) {
      return add(retriever, weight, item -> true);
    }

    /**
     * Adds a component that can score only the items {@code knows} accepts (e.g. a model: the items
     * it was trained on) and abstains on the others.
     */
    public Builder add(CandidateRetriever retriever, double weight, Predicate<Item> knows) {
      components.add(new Component(retriever, weight, knows));
      return this;
    }

    /** Name in provenance and reports (default "hybrid"). */
    public Builder name(String v) {
      this.name = Objects.requireNonNull(v, "name");
      return this;
    }

    /** The fusion rule (default reciprocal rank). */
    public Builder fusion(Fusion v) {
      this.fusion = Objects.requireNonNull(v, "fusion");
      return this;
    }

    /** The RRF constant (default 60, as in Cormack et al. 2009). */
    public Builder rrfK(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("rrfK must be >= 0: " + v);
      }
      this.rrfK = v;
      return this;
    }

    /** Candidates each component retrieves before fusion (default 200; at least k is used). */
    public Builder pool(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("pool must be >= 1: " + v);
      }
      this.pool = v;
      return this;
    }

    /** The retriever; needs at least one component with a positive weight. */
    public HybridRetriever build() {
      if (components.stream().noneMatch(c -> c.weight() > 0)) {
        throw new IllegalStateException("a hybrid retriever needs a component with weight > 0");
      }
      return new HybridRetriever(this);
    }
  }
}
