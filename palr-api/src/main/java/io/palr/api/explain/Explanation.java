package io.palr.api.explain;

import io.palr.api.Item;
import java.util.List;
import java.util.Objects;

/**
 * Why an item was recommended, in one sentence, with the evidence behind it. Every item and
 * attribute the sentence mentions is in {@link #evidence()}, and the sentence's citations are
 * listed in {@link #citedItems()} and {@link #citedAttributes()} so that a host application can
 * render them its own way.
 *
 * @param sentence one sentence for the user; plain text, one line
 * @param evidence everything the sentence was allowed to use
 * @param citedItems the history items the sentence mentions (a subset of the evidence's supporting
 *     items)
 * @param citedAttributes the attributes the sentence mentions (a subset of the evidence's)
 * @param generator what wrote the sentence, e.g. "template" or "llm:stories260K"
 * @param status how the sentence came about
 * @param detail why a model's sentence was replaced; empty otherwise
 */
public record Explanation(
    String sentence,
    Evidence evidence,
    List<Item> citedItems,
    List<AttributeMatch> citedAttributes,
    String generator,
    ExplanationStatus status,
    String detail) {
  /** Validates and defensively copies the components. */
  public Explanation {
    Objects.requireNonNull(sentence, "sentence");
    Objects.requireNonNull(evidence, "evidence");
    citedItems = List.copyOf(Objects.requireNonNull(citedItems, "citedItems"));
    citedAttributes = List.copyOf(Objects.requireNonNull(citedAttributes, "citedAttributes"));
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    if (sentence.isBlank()) {
      throw new IllegalArgumentException("an explanation needs a sentence");
    }
  }

  /** A copy marked as a replacement of a rejected model sentence, with the reason. */
  public Explanation asReplacement(String generator, String reason) {
    return new Explanation(
        sentence,
        evidence,
        citedItems,
        citedAttributes,
        generator,
        ExplanationStatus.REPLACED,
        reason);
  }
}
