/**
 * LLaMA-family causal language models on DJL's PyTorch engine: loading, tokenizers, decoding,
 * fine-tuning.
 */
package io.palr.llm;
