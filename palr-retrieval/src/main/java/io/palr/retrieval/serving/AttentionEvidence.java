package io.palr.retrieval.serving;

import io.palr.api.Item;
import io.palr.api.UserHistory;
import io.palr.api.explain.EvidenceSource;
import io.palr.api.explain.Support;
import io.palr.api.explain.SupportKind;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.Catalog;
import io.palr.retrieval.model.SasRec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * SASRec's own signal as evidence: the history items its last attention block weighed most when it
 * read the user's history ({@link SasRec#lastPositionAttention}), {@link SupportKind#ATTENTION}
 * supports valued by the attention weight. The weights describe how the model read the user, not
 * one candidate: every recommended item of a user gets the same supports. A repeated item counts
 * once, at its most recent position, with its summed weight. Thread-safe.
 */
public final class AttentionEvidence implements EvidenceSource {
  /** The name used in provenance. */
  public static final String NAME = "sasrec-attention";

  private final SasRec model;
  private final Catalog catalog;

  /**
   * Evidence from a trained SASRec over the catalogue it was trained on.
   *
   * @throws IllegalArgumentException if the model and catalogue sizes differ
   */
  public AttentionEvidence(SasRec model, Catalog catalog) {
    this.model = Objects.requireNonNull(model, "model");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (model.numItems() != catalog.size()) {
      throw new IllegalArgumentException(
          "model has " + model.numItems() + " items, catalogue " + catalog.size());
    }
  }

  /** Attention evidence when the scorer is a SASRec model, else empty. */
  public static Optional<EvidenceSource> of(ItemScorer scorer, Catalog catalog) {
    return scorer instanceof SasRec s
        ? Optional.of(new AttentionEvidence(s, catalog))
        : Optional.empty();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<List<Support>> supports(UserHistory history, List<Item> items, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    List<Item> hist = history.items();
    int[] idx = new int[hist.size()];
    int[] position = new int[hist.size()];
    int n = 0;
    for (int p = 0; p < hist.size(); p++) {
      OptionalInt i = catalog.indexOf(hist.get(p).id());
      if (i.isPresent()) {
        idx[n] = i.getAsInt();
        position[n] = p;
        n++;
      }
    }
    List<Support> top = List.of();
    if (n > 0) {
      int[] known = java.util.Arrays.copyOf(idx, n);
      float[] weights = model.lastPositionAttention(List.of(known))[0];
      Map<Integer, Integer> newest = new HashMap<>();
      Map<Integer, Double> summed = new HashMap<>();
      for (int k = 0; k < n; k++) {
        newest.put(known[k], k);
        summed.merge(known[k], (double) weights[k], Double::sum);
      }
      List<Integer> order = new ArrayList<>(newest.keySet());
      order.removeIf(i -> summed.get(i) <= 0);
      // strongest first; ties: the more recent
      order.sort(
          (a, b) -> {
            int c = Double.compare(summed.get(b), summed.get(a));
            return c != 0 ? c : Integer.compare(newest.get(b), newest.get(a));
          });
      List<Support> out = new ArrayList<>();
      for (int i : order.subList(0, Math.min(limit, order.size()))) {
        int k = newest.get(i);
        out.add(
            new Support(
                hist.get(position[k]),
                position[k],
                SupportKind.ATTENTION,
                Math.min(1.0, summed.get(i))));
      }
      top = List.copyOf(out);
    }
    List<List<Support>> result = new ArrayList<>(items.size());
    for (Item it : items) {
      List<Support> mine = top;
      if (top.stream().anyMatch(s -> s.item().id().equals(it.id()))) {
        mine = top.stream().filter(s -> !s.item().id().equals(it.id())).toList();
      }
      result.add(mine);
    }
    return result;
  }
}
