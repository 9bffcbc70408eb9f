/**
 * Decoding on top of {@link io.palr.llm.model.InferenceModel}: batched generation with sampling,
 * stop conditions and streaming ({@link io.palr.llm.decode.Generator}), trie-constrained choice
 * among candidates ({@link io.palr.llm.decode.ConstrainedDecoder}) and continuation scoring ({@link
 * io.palr.llm.decode.ContinuationScorer}).
 */
package io.palr.llm.decode;
