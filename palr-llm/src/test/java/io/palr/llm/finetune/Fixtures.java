package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tiny synthetic task and model shared by the fine-tuning tests. */
final class Fixtures {
  private Fixtures() {}

  static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

  /** "continue: c d e" -> "f" for every start letter (the answer is the letter after the last). */
  static List<SftExample> nextLetter() {
    List<SftExample> out = new ArrayList<>();
    for (int i = 0; i + 3 < LETTERS.length(); i++) {
      String p =
          "continue: "
              + LETTERS.charAt(i)
              + " "
              + LETTERS.charAt(i + 1)
              + " "
              + LETTERS.charAt(i + 2);
      out.add(new SftExample(p, " " + LETTERS.charAt(i + 3)));
    }
    return out;
  }

  /**
   * "back: d e f" -> "c": a different task over the same vocabulary, to pre-train a base for LoRA.
   */
  static List<SftExample> previousLetter() {
    List<SftExample> out = new ArrayList<>();
    for (int i = 1; i + 2 < LETTERS.length(); i++) {
      String p =
          "back: " + LETTERS.charAt(i) + " " + LETTERS.charAt(i + 1) + " " + LETTERS.charAt(i + 2);
      out.add(new SftExample(p, " " + LETTERS.charAt(i - 1)));
    }
    return out;
  }

  static WordLevelTokenizer tokenizer(List<SftExample> examples) {
    List<String> texts = new ArrayList<>();
    for (SftExample e : examples) {
      texts.add(e.prompt());
      texts.add(e.response());
    }
    return WordLevelTokenizer.train(texts, 1);
  }

  /** Hidden 32, 2 layers, 4 heads over 2 key/value heads (grouped-query attention), untied head. */
  static LlamaConfig tinyConfig(int vocab) {
    return new LlamaConfig(
        32,
        64,
        2,
        4,
        2,
        8,
        vocab,
        64,
        1e-5,
        10000.0,
        false,
        WordLevelTokenizer.BOS,
        WordLevelTokenizer.EOS);
  }

  static float[] logits(LlamaModel model, int[][] rows) {
    try (NDManager m = model.manager().newSubManager()) {
      NDArray tokens = m.create(flatten(rows), new Shape(rows.length, rows[0].length));
      return model.forward(tokens, null).toFloatArray();
    }
  }

  static int[] flatten(int[][] rows) {
    int[] out = new int[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, out, r * rows[0].length, rows[0].length);
    }
    return out;
  }

  static double maxDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError(a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static Map<String, float[]> snapshot(LlamaModel model) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    model.namedParameters().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
