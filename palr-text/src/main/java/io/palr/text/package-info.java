/**
 * Item text as a first-class signal: a pretrained sentence encoder that runs offline ({@link
 * io.palr.text.OnnxTextEncoder}, all-MiniLM-L6-v2 on ONNX Runtime), item vectors cached on disk
 * ({@link io.palr.text.ItemEmbeddings}, {@link io.palr.text.EmbeddingCache}) and a candidate
 * retriever by text similarity ({@link io.palr.text.TextEmbeddingRetriever}) that reaches items
 * with no interactions.
 */
package io.palr.text;
