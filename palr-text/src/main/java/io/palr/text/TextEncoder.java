package io.palr.text;

import java.util.List;

/**
 * A sentence encoder: texts in, unit-length vectors out. Implementations hold native memory and
 * must be closed; they are safe for concurrent callers.
 */
public interface TextEncoder extends AutoCloseable {

  /**
   * Identifies the model and every setting that changes its vectors; equal ids give equal vectors
   * for equal texts. Caches are keyed by it.
   */
  String modelId();

  /** Vector length. */
  int dimension();

  /**
   * Encodes texts, one unit-length vector per text, in order.
   *
   * @param texts the texts; an empty text is encoded as is (special tokens only)
   * @return the vectors and how many texts were cut to the model's maximum length
   * @throws TextEncodingException if the model fails
   */
  EncodedTexts encode(List<String> texts);

  /** Releases the model. */
  @Override
  void close();

  /**
   * The result of {@link #encode}.
   *
   * @param vectors one unit-length vector per text
   * @param truncated how many texts were longer than the model's maximum length and were cut
   */
  // a batch carrier handed from the encoder to its caller once; copying it would double the memory
  @SuppressWarnings("ArrayRecordComponent")
  record EncodedTexts(float[][] vectors, int truncated) {}
}
