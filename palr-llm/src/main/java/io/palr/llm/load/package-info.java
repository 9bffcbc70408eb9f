/**
 * Loading LLaMA-family checkpoints into {@link io.palr.llm.model.LlamaModel}: Hugging Face
 * safetensors folders (single or sharded), llama2.c {@code .bin} files, PEFT LoRA adapters, with
 * memory estimates and typed errors.
 */
package io.palr.llm.load;
