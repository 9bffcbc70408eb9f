package io.palr.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packed KV-cached forward equals the differentiable full forward, with and without left
 * padding.
 */
class CachedForwardConsistencyTest {
  static final LlamaConfig CONFIG =
      new LlamaConfig(32, 48, 2, 4, 2, 8, 50, 64, 1e-5, 10000, false, 1, 2);
  static LlamaModel model;

  @BeforeAll
  static void build() {
    model = RandomLlama.create(CONFIG, Device.cpu(), 11);
  }

  @AfterAll
  static void free() {
    model.close();
  }

  static int[] tokens(int n, int salt) {
    int[] t = new int[n];
    t[0] = 1;
    for (int i = 1; i < n; i++) {
      t[i] = 3 + (i * 7 + salt * 13) % 47;
    }
    return t;
  }

  static float[] full(int[] t) {
    try (NDManager m = model.manager().newSubManager()) {
      return model.forward(m.create(t, new Shape(1, t.length)), null).toFloatArray();
    }
  }

  static void assertClose(float[] a, int aOff, float[] b, int bOff, int n, String what) {
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(a[aOff + i] - b[bOff + i]));
    }
    assertThat(worst).as(what).isLessThan(1e-4);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void incrementalDecodingEqualsFullRecomputation(boolean mirrored) {
    int[] t = tokens(20, 1);
    float[] ref = full(t);
    int v = CONFIG.vocabSize();
    try (InferenceModel inf = new InferenceModel(model, DataType.FLOAT32, mirrored);
        KvCache cache = inf.newCache(new int[1], 20)) {
      try (NDManager step = inf.newStepManager()) {
        float[] pre =
            inf.forward(step, java.util.Arrays.copyOf(t, 7), 7, cache, true).toFloatArray();
        assertClose(pre, 0, ref, 0, 7 * v, "prefill");
      }
      for (int i = 7; i < 20; i++) {
        try (NDManager step = inf.newStepManager()) {
          float[] l = inf.forward(step, new int[] {t[i]}, 1, cache, false).toFloatArray();
          assertClose(l, 0, ref, i * v, v, "position " + i);
        }
      }
      assertThat(cache.length()).isEqualTo(20);
      try (NDManager step = inf.newStepManager()) {
        assertThatThrownBy(() -> inf.forward(step, new int[] {3}, 1, cache, false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cache");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void leftPaddedBatchEqualsOneByOne(boolean mirrored) {
    int[][] prompts = {tokens(9, 2), tokens(4, 3), tokens(6, 4)};
    int v = CONFIG.vocabSize();
    int maxLen = 9;
    int[] pad = new int[3];
    int[] flat = new int[3 * maxLen];
    for (int r = 0; r < 3; r++) {
      pad[r] = maxLen - prompts[r].length;
      System.arraycopy(prompts[r], 0, flat, r * maxLen + pad[r], prompts[r].length);
    }
    try (InferenceModel inf = new InferenceModel(model, DataType.FLOAT32, mirrored);
        KvCache cache = inf.newCache(pad, maxLen + 5)) {
      float[] logits;
      try (NDManager step = inf.newStepManager()) {
        logits = inf.forward(step, flat, maxLen, cache, false).toFloatArray();
      }
      int[][] seq = new int[3][];
      for (int r = 0; r < 3; r++) {
        seq[r] = prompts[r];
      }
      for (int i = 0; i < 5; i++) {
        int[] next = new int[3];
        for (int r = 0; r < 3; r++) {
          float[] ref = full(seq[r]);
          assertClose(logits, r * v, ref, (seq[r].length - 1) * v, v, "row " + r + " step " + i);
          next[r] = 3 + (i * 5 + r) % 40;
          seq[r] = java.util.Arrays.copyOf(seq[r], seq[r].length + 1);
          seq[r][seq[r].length - 1] = next[r];
        }
        try (NDManager step = inf.newStepManager()) {
          logits = inf.forward(step, next, 1, cache, false).toFloatArray();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fullForwardWithPaddingMaskEqualsUnpadded(boolean leftPadding) {
    int[] a = tokens(8, 5);
    int[] b = tokens(5, 6);
    int[] flat = new int[16];
    float[] mask = new float[16];
    System.arraycopy(a, 0, flat, 0, 8);
    java.util.Arrays.fill(mask, 0, 8, 1);
    int off = leftPadding ? 8 + 3 : 8;
    System.arraycopy(b, 0, flat, off, 5);
    java.util.Arrays.fill(mask, off, off + 5, 1);
    int v = CONFIG.vocabSize();
    try (NDManager m = model.manager().newSubManager()) {
      NDArray out = model.forward(m.create(flat, new Shape(2, 8)), m.create(mask, new Shape(2, 8)));
      float[] l = out.toFloatArray();
      assertClose(l, 0, full(a), 0, 8 * v, "row 0");
      assertClose(l, off * v, full(b), 0, 5 * v, "row 1");
    }
  }

  @org.junit.jupiter.api.Test
  void chunkedPrefillEqualsOneForward() {
    LlamaConfig c = CONFIG.withMaxPositions(400);
    int t = 2 * InferenceModel.PREFILL_CHUNK + 37;
    int[] tokens = new int[2 * t];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = 3 + (i * 11) % 45;
    }
    try (LlamaModel m = RandomLlama.create(c, Device.cpu(), 3);
        InferenceModel inf = new InferenceModel(m, DataType.FLOAT32);
        KvCache a = inf.newCache(new int[2], t);
        KvCache b = inf.newCache(new int[2], t);
        NDManager step = inf.newStepManager()) {
      float[] chunked = inf.prefill(step, tokens, t, a).toFloatArray();
      float[] whole = inf.forward(step, tokens, t, b, false).toFloatArray();
      assertClose(chunked, 0, whole, 0, whole.length, "chunked prefill");
      assertThat(a.length()).isEqualTo(t);
    }
  }
}
