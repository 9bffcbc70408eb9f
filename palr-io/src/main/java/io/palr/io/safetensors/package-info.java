/**
 * Reading and writing the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format: an 8-byte little-endian header length, a JSON header describing each tensor (dtype,
 * shape, byte offsets into the data section) and the raw little-endian data. Used for LLaMA
 * weights, LoRA adapters and retriever checkpoints.
 */
package io.palr.io.safetensors;
