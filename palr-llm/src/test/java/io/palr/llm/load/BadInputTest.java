package io.palr.llm.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.palr.io.safetensors.SafetensorsFile;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.io.safetensors.TensorInfo;
import io.palr.llm.SharedModels;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed checkpoints fail with typed exceptions naming file and tensor; half-precision and
 * shards load.
 */
class BadInputTest {
  static final int[] TOKENS = {1, 403, 407, 261, 378};

  enum Dtype {
    F32,
    F16,
    BF16
  }

  /**
   * Copies stories260K-hf into {@code dir}, keeping tensors that pass {@code keep}, in {@code
   * dtype}.
   */
  static Path copyModel(Path dir, Predicate<String> keep, Dtype dtype, int shards)
      throws IOException {
    Path src = SharedModels.file("stories260K-hf");
    Files.createDirectories(dir);
    Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
    try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
      SafetensorsWriter[] w = new SafetensorsWriter[shards];
      for (int i = 0; i < shards; i++) {
        w[i] = new SafetensorsWriter();
      }
      StringBuilder index = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
      int n = 0;
      for (TensorInfo info : f.infos()) {
        if (!keep.test(info.name())) {
          continue;
        }
        float[] v = f.floats(info.name());
        int s = n % shards;
        String shardName = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
        switch (dtype) {
          case F32 -> w[s].putFloats(info.name(), v, info.shape());
          case F16 -> w[s].putFloatsAsF16(info.name(), v, info.shape());
          case BF16 -> w[s].putFloatsAsBf16(info.name(), v, info.shape());
        }
        index
            .append(n == 0 ? "" : ",")
            .append('"')
            .append(info.name())
            .append("\":\"")
            .append(shardName)
            .append('"');
        n++;
      }
      if (shards == 1) {
        w[0].write(dir.resolve("model.safetensors"));
      } else {
        for (int i = 0; i < shards; i++) {
          w[i].write(dir.resolve(String.format("model-%05d-of-%05d.safetensors", i + 1, shards)));
        }
        Files.writeString(
            dir.resolve("model.safetensors.index.json"), index.append("}}").toString());
      }
    }
    return dir;
  }

  static float[] logits(Path model) throws IOException {
    try (LlamaModel m = LlamaModels.load(model, LoadOptions.defaults());
        NDManager s = m.manager().newSubManager()) {
      return m.forward(s.create(TOKENS, new Shape(1, TOKENS.length)), null).toFloatArray();
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
  void halfPrecisionAndShardedCheckpointsLoad(@TempDir Path tmp) throws IOException {
    float[] ref = logits(SharedModels.file("stories260K-hf"));
    assertThat(maxDiff(logits(copyModel(tmp.resolve("sharded"), n -> true, Dtype.F32, 3)), ref))
        .isLessThan(1e-6);
    assertThat(maxDiff(logits(copyModel(tmp.resolve("f16"), n -> true, Dtype.F16, 1)), ref))
        .isLessThan(0.05);
    assertThat(maxDiff(logits(copyModel(tmp.resolve("bf16"), n -> true, Dtype.BF16, 2)), ref))
        .isLessThan(0.5);
  }

  @Test
  void missingTensorIsNamed(@TempDir Path tmp) throws IOException {
    Path dir =
        copyModel(
            tmp.resolve("m"), n -> !n.equals("model.layers.3.mlp.up_proj.weight"), Dtype.F32, 1);
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.layers.3.mlp.up_proj.weight")
        .hasMessageContaining("model.safetensors");
    Path sharded = copyModel(tmp.resolve("s"), n -> !n.equals("model.norm.weight"), Dtype.F32, 2);
    assertThatThrownBy(() -> LlamaModels.load(sharded, LoadOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.norm.weight");
  }

  @Test
  void configThatDoesNotMatchTheWeightsIsNamed(@TempDir Path tmp) throws IOException {
    Path dir = copyModel(tmp.resolve("m"), n -> true, Dtype.F32, 1);
    String cfg = Files.readString(dir.resolve("config.json"));
    Files.writeString(
        dir.resolve("config.json"),
        cfg.replace("\"intermediate_size\": 172", "\"intermediate_size\": 160"));
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("model.layers.0.mlp.gate_proj.weight")
        .hasMessageContaining("shape");
    Files.writeString(
        dir.resolve("config.json"),
        cfg.replace("\"num_hidden_layers\": 5", "\"num_hidden_layers\": 4"));
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("more layers");
    Files.writeString(
        dir.resolve("config.json"),
        cfg.replace("\"model_type\": \"llama\"", "\"model_type\": \"gpt2\""));
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("gpt2");
    Files.writeString(dir.resolve("config.json"), cfg.replace("\"hidden_size\": 64,", ""));
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("hidden_size");
  }

  @Test
  void corruptSafetensorsFailWithoutCrashing(@TempDir Path tmp) throws IOException {
    Path dir = copyModel(tmp.resolve("m"), n -> true, Dtype.F32, 1);
    Path file = dir.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.safetensors");
    byte[] absurd = all.clone();
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE / 2);
    Files.write(file, absurd);
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.safetensors");
    Files.write(file, new byte[5]);
    assertThatThrownBy(() -> LlamaModels.load(dir, LoadOptions.defaults()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void corruptLlama2cCheckpointsFail(@TempDir Path tmp) throws IOException {
    byte[] all = Files.readAllBytes(SharedModels.file("stories260K/stories260K.bin"));
    Path cut = tmp.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(all, all.length - 100));
    assertThatThrownBy(() -> LlamaModels.load(cut, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("cut.bin")
        .hasMessageContaining("truncated");
    byte[] absurd = all.clone();
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1 << 30);
    Path bad = tmp.resolve("bad.bin");
    Files.write(bad, absurd);
    assertThatThrownBy(() -> LlamaModels.load(bad, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("implausible header");
    Path txt = tmp.resolve("model.txt");
    Files.writeString(txt, "hello");
    assertThatThrownBy(() -> LlamaModels.load(txt, LoadOptions.defaults()))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("unknown model format");
  }

  @Test
  void modelsOverTheBudgetAreRefusedBeforeLoading() {
    Path model = SharedModels.file("stories260K-hf");
    assertThatThrownBy(
            () -> LlamaModels.load(model, LoadOptions.defaults().withMemoryBudget(100_000)))
        .isInstanceOf(ModelTooLargeException.class)
        .hasMessageContaining("budget");
  }

  @Test
  void theRefusalNamesWhatWouldFit() {
    // LLaMA-7B's shape: 6.74e9 parameters
    io.palr.llm.model.LlamaConfig c =
        new io.palr.llm.model.LlamaConfig(
            4096, 11008, 32, 32, 32, 128, 32000, 4096, 1e-5, 10000, false, 1, 2);
    MemoryEstimate half =
        MemoryEstimate.of(c, ai.djl.ndarray.types.DataType.FLOAT16, false, 1, 512);
    assertThat(half.weights()).isEqualTo(2 * c.parameterCount());
    assertThat(half.kvCache()).isEqualTo(2L * 32 * 512 * 4096 * 4);
    long budget = 18L << 30;
    java.util.List<String> fits =
        LlamaModels.fits(c, ai.djl.ndarray.types.DataType.FLOAT32, false, 8, 4096, budget);
    assertThat(fits).isNotEmpty();
    assertThat(fits.get(0)).contains("--dtype float16");
    assertThat(String.join(" ", fits)).contains("--context");
    for (String f : fits) {
      assertThat(f).matches(".*\\(.*[0-9.]+ GiB\\)");
    }
    assertThat(LlamaModels.fits(c, ai.djl.ndarray.types.DataType.FLOAT16, false, 1, 4096, 1L << 30))
        .as("nothing fits 1 GiB")
        .isEmpty();
    ModelTooLargeException e =
        new ModelTooLargeException("m", 2L << 30, half.describe(), 1L << 30, fits);
    assertThat(e.getMessage()).contains("weights", "KV cache", "would fit with", "--dtype float16");
  }
}
