/**
 * Grounded explanations: {@link io.palr.core.explain.Explanations} gathers the evidence for each
 * recommended item ({@link io.palr.core.explain.CoOccurrenceEvidence} from the training split, any
 * further {@link io.palr.api.explain.EvidenceSource}, the profile attributes the item matches, its
 * origin) and has an {@link io.palr.api.explain.Explainer} write the sentence: the {@link
 * io.palr.core.explain.TemplateExplainer} without a model, or the {@link
 * io.palr.core.explain.LlmExplainer}, whose sentences pass the {@link
 * io.palr.core.explain.GroundingCheck} or are replaced by the template's.
 */
package io.palr.core.explain;
