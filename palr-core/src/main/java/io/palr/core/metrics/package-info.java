/**
 * Outcome counters for the pipeline: how often the LLM ranked, why it fell back, hallucinations,
 * parse failures and latency percentiles. {@link io.palr.core.metrics.PalrMetrics} is the small
 * interface a host can bridge to its own metrics system (e.g. Micrometer); {@link
 * io.palr.core.metrics.InMemoryPalrMetrics} is the default.
 */
package io.palr.core.metrics;
