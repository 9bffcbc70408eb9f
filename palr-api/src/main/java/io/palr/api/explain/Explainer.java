package io.palr.api.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the sentence of an explanation from its evidence, and nothing else. Implementations are
 * thread-safe and never return a sentence that mentions an item or attribute outside the evidence.
 */
public interface Explainer {

  /** A short name for provenance, e.g. "template" or "llm:stories260K". */
  String name();

  /** The explanation of one recommended item. */
  Explanation explain(Evidence evidence);

  /**
   * Explanations of several items, in order; the default calls {@link #explain} for each,
   * model-backed explainers override it to batch.
   */
  default List<Explanation> explainAll(List<Evidence> evidence) {
    List<Explanation> out = new ArrayList<>(evidence.size());
    for (Evidence e : evidence) {
      out.add(explain(e));
    }
    return out;
  }
}
