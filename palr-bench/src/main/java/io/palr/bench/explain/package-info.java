/**
 * The explanation benchmark: faithfulness of explanations by a deletion test, grounding pass rate
 * of the LLM explainer, and latency per explanation ({@link
 * io.palr.bench.explain.ExplanationBenchmark}).
 */
package io.palr.bench.explain;
