package io.palr.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.palr.llm.SharedModels;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logits of stories260K in both formats against llama2.c run.c, position by position. */
class ReferenceLogitsTest {
  static final int VOCAB = 512;

  @SuppressWarnings(
      "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
  record Reference(int[] tokens, float[][] logits) {}

  static Reference reference() throws IOException {
    Path f = SharedModels.file("stories260K/reference/runc_logits_once_upon_a_time_n64.bin");
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    int n = b.remaining() / (8 + 4 * VOCAB);
    int[] tokens = new int[n];
    float[][] logits = new float[n][VOCAB];
    for (int i = 0; i < n; i++) {
      tokens[i] = b.getInt();
      assertThat(b.getInt()).isEqualTo(i);
      b.asFloatBuffer().get(logits[i]);
      b.position(b.position() + 4 * VOCAB);
    }
    return new Reference(tokens, logits);
  }

  static double maxDiff(float[] a, float[] b, int offset) {
    double m = 0;
    for (int i = 0; i < b.length; i++) {
      m = Math.max(m, Math.abs(a[offset + i] - b[i]));
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"stories260K/stories260K.bin", "stories260K-hf"})
  void cachedAndFullForwardMatchRunC(String model) throws IOException {
    Reference ref = reference();
    assertThat(ref.tokens()).hasSize(64);
    try (LlamaModel m = LlamaModels.load(SharedModels.file(model), LoadOptions.defaults());
        InferenceModel inf = new InferenceModel(m, DataType.FLOAT32);
        KvCache cache = inf.newCache(new int[1], 64)) {
      double worst = 0;
      for (int pos = 0; pos < 64; pos++) {
        try (NDManager step = m.manager().newSubManager()) {
          float[] got =
              inf.forward(step, new int[] {ref.tokens()[pos]}, 1, cache, false).toFloatArray();
          double d = maxDiff(got, ref.logits()[pos], 0);
          assertThat(d).as("position %d", pos).isLessThanOrEqualTo(1e-4);
          worst = Math.max(worst, d);
        }
      }
      try (NDManager step = m.manager().newSubManager()) {
        NDArray tokens = step.create(ref.tokens(), new ai.djl.ndarray.types.Shape(1, 64));
        float[] all = m.forward(tokens, null).toFloatArray();
        for (int pos = 0; pos < 64; pos++) {
          assertThat(maxDiff(all, ref.logits()[pos], pos * VOCAB))
              .as("full forward position %d", pos)
              .isLessThanOrEqualTo(1e-4);
        }
      }
      try (NDManager step = m.manager().newSubManager();
          KvCache c2 = inf.newCache(new int[1], 64)) {
        float[] all = inf.forward(step, ref.tokens(), 64, c2, true).toFloatArray();
        for (int pos = 0; pos < 64; pos++) {
          assertThat(maxDiff(all, ref.logits()[pos], pos * VOCAB))
              .as("prefill position %d", pos)
              .isLessThanOrEqualTo(1e-4);
        }
      }
      System.out.println(model + " worst |diff| " + worst);
    }
  }
}
