/**
 * The PALR pipeline: {@link io.palr.core.pipeline.Palr} chains profile generation, candidate
 * retrieval and LLM ranking, enforces a per-request latency budget, and degrades to retriever order
 * with provenance whenever the LLM cannot be used.
 */
package io.palr.core.pipeline;
