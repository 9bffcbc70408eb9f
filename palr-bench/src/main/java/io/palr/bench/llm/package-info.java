/** Benchmark entry points of the LLM runtime (run manually, not as tests). */
package io.palr.bench.llm;
