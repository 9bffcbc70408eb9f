/**
 * The LLaMA architecture on DJL NDArrays: a differentiable full-sequence forward ({@link
 * io.palr.llm.model.LlamaModel}) with {@link io.palr.llm.model.Linear} projections that accept LoRA
 * adapters, and a packed, KV-cached forward for generation ({@link
 * io.palr.llm.model.InferenceModel}).
 */
package io.palr.llm.model;
