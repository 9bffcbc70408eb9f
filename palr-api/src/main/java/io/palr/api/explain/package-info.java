/**
 * Grounded explanations of recommendations: the evidence behind a recommended item ({@link
 * io.palr.api.explain.Evidence}: supporting history items, matched profile attributes, where the
 * item came from), the {@link io.palr.api.explain.Explanation} built from it, and two small
 * extension points: an {@link io.palr.api.explain.EvidenceSource} (co-occurrence, text similarity,
 * a retriever's attention, ...) and an {@link io.palr.api.explain.Explainer} that writes the
 * sentence. Every type here is immutable; a sentence never claims anything the evidence does not
 * hold.
 */
package io.palr.api.explain;
