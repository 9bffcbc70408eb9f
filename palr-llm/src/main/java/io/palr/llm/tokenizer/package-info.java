/**
 * Tokenizers for LLaMA-family models: SentencePiece BPE ({@code tokenizer.model}, parsed without
 * protobuf), llama2.c {@code tok*.bin}, and Hugging Face {@code tokenizer.json} through DJL, behind
 * one {@link io.palr.llm.tokenizer.Tokenizer} interface.
 */
package io.palr.llm.tokenizer;
