package io.palr.text;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A deterministic test encoder: hashed bag of lower-case words; counts the texts it encodes. */
final class BagOfWordsEncoder implements TextEncoder {
  final AtomicInteger encoded = new AtomicInteger();
  private final String id;

  BagOfWordsEncoder(String id) {
    this.id = id;
  }

  @Override
  public String modelId() {
    return id;
  }

  @Override
  public int dimension() {
    return 16;
  }

  @Override
  public EncodedTexts encode(List<String> texts) {
    encoded.addAndGet(texts.size());
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      float[] v = new float[16];
      for (String w : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+", -1)) {
        if (!w.isEmpty()) {
          v[Math.floorMod(w.hashCode(), 16)] += 1;
        }
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      if (n == 0) {
        v[0] = 1;
        n = 1;
      }
      for (int d = 0; d < 16; d++) {
        v[d] /= (float) Math.sqrt(n);
      }
      out[i] = v;
    }
    return new EncodedTexts(out, 0);
  }

  @Override
  public void close() {}
}
