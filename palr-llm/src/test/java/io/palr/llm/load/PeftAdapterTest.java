package io.palr.llm.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.llm.SharedModels;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.KvCache;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PEFT LoRA adapter written here (random A, B) gives the same logits merged and kept separate.
 */
class PeftAdapterTest {
  static final int[] TOKENS = {1, 403, 407, 261, 378, 432, 383, 286};

  static Path writeAdapter(Path dir, String... modules) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("adapter_config.json"),
        "{\"peft_type\":\"LORA\",\"r\":4,\"lora_alpha\":8,"
            + "\"target_modules\":[\"q_proj\",\"v_proj\",\"down_proj\"],\"bias\":\"none\"}");
    SafetensorsWriter w = new SafetensorsWriter();
    SplittableRandom r = new SplittableRandom(3);
    for (int l = 0; l < 5; l++) {
      for (String m : modules) {
        String p = "base_model.model.model.layers." + l + "." + m;
        int in = m.endsWith("down_proj") ? 172 : 64;
        int out = m.endsWith("v_proj") ? 32 : 64;
        w.putFloats(p + ".lora_A.weight", random(r, 4 * in), 4, in);
        w.putFloats(p + ".lora_B.weight", random(r, out * 4), out, 4);
      }
    }
    w.write(dir.resolve("adapter_model.safetensors"));
    return dir;
  }

  static float[] random(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() - 0.5) * 0.2f;
    }
    return v;
  }

  static float[] fullLogits(LlamaModel m) {
    try (NDManager s = m.manager().newSubManager()) {
      return m.forward(s.create(TOKENS, new Shape(1, TOKENS.length)), null).toFloatArray();
    }
  }

  static float[] cachedLogits(LlamaModel m) {
    try (InferenceModel inf = new InferenceModel(m, DataType.FLOAT32);
        KvCache c = inf.newCache(new int[1], TOKENS.length);
        NDManager s = inf.newStepManager()) {
      return inf.forward(s, TOKENS, TOKENS.length, c, true).toFloatArray();
    }
  }

  static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void mergedAndSeparateAdaptersGiveTheSameLogits(@TempDir Path tmp) throws IOException {
    Path model = SharedModels.file("stories260K-hf");
    Path adapter =
        writeAdapter(
            tmp.resolve("adapter"), "self_attn.q_proj", "self_attn.v_proj", "mlp.down_proj");
    float[] base;
    try (LlamaModel m = LlamaModels.load(model, LoadOptions.defaults())) {
      base = fullLogits(m);
    }
    try (LlamaModel separate =
            LlamaModels.load(model, LoadOptions.defaults().withAdapter(adapter, false));
        LlamaModel merged =
            LlamaModels.load(model, LoadOptions.defaults().withAdapter(adapter, true))) {
      assertThat(separate.hasAdapters()).isTrue();
      assertThat(merged.hasAdapters()).isFalse();
      float[] s = fullLogits(separate);
      float[] m = fullLogits(merged);
      assertThat(maxDiff(s, base)).as("the adapter changes the model").isGreaterThan(1e-2);
      assertThat(maxDiff(s, m)).as("merged vs separate").isLessThan(1e-4);
      assertThat(maxDiff(cachedLogits(separate), s))
          .as("cached forward folds separate adapters")
          .isLessThan(1e-4);
      assertThat(maxDiff(cachedLogits(merged), m)).isLessThan(1e-4);
    }
  }

  @Test
  void rejectsAdaptersThatDoNotFit(@TempDir Path tmp) throws IOException {
    Path model = SharedModels.file("stories260K-hf");
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(
        bad.resolve("adapter_config.json"),
        "{\"r\":4,\"lora_alpha\":8,\"target_modules\":[\"q_proj\"]}");
    new SafetensorsWriter()
        .putFloats(
            "base_model.model.model.layers.9.self_attn.q_proj.lora_A.weight", new float[256], 4, 64)
        .putFloats(
            "base_model.model.model.layers.9.self_attn.q_proj.lora_B.weight", new float[256], 64, 4)
        .write(bad.resolve("adapter_model.safetensors"));
    assertThatThrownBy(
            () -> LlamaModels.load(model, LoadOptions.defaults().withAdapter(bad, false)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("layers.9.self_attn.q_proj")
        .hasMessageContaining("adapter_model.safetensors");
    new SafetensorsWriter()
        .putFloats(
            "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
            new float[4 * 32],
            4,
            32)
        .putFloats(
            "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", new float[256], 64, 4)
        .write(bad.resolve("adapter_model.safetensors"));
    assertThatThrownBy(() -> LlamaModels.load(model, LoadOptions.defaults().withAdapter(bad, true)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("lora_A.weight")
        .hasMessageContaining("shape");
  }
}
