package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import io.palr.io.output.AtomicOutput;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a {@link LlamaModel} as a Hugging Face LlamaForCausalLM folder ({@code config.json} and a
 * single float32 {@code model.safetensors}, written atomically) that {@link
 * io.palr.llm.load.LlamaModels#load} and transformers' {@code AutoModelForCausalLM.from_pretrained}
 * read. Adapters still attached are merged into the saved weights (the model itself is not
 * changed). The weights pass through the Java heap: fine up to a few hundred million parameters.
 */
public final class HfModelWriter {
  /** The tokenizer files copied from a base model folder. */
  public static final List<String> TOKENIZER_FILES =
      List.of(
          "tokenizer.model",
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "generation_config.json");

  private HfModelWriter() {}

  /**
   * Writes {@code config.json} and {@code model.safetensors} as the folder {@code dir}, all or
   * nothing ({@link AtomicOutput}): an existing folder palr wrote is replaced only once the new one
   * is complete.
   *
   * @throws io.palr.io.safetensors.NonFiniteTensorException if a weight is NaN or infinite
   * @throws IOException if writing fails
   */
  public static void write(LlamaModel model, Path dir) throws IOException {
    AtomicOutput.writeFolder(
        dir,
        staged -> {
          SafetensorsWriter w = new SafetensorsWriter().requireFinite();
          w.metadata("format", "pt");
          Map<String, io.palr.llm.model.Linear> linears = model.linears();
          for (Map.Entry<String, NDArray> e : model.namedParameters().entrySet()) {
            String name = e.getKey();
            NDArray a = e.getValue();
            io.palr.llm.model.Linear lin =
                name.endsWith(".weight")
                    ? linears.get(name.substring(0, name.length() - ".weight".length()))
                    : null;
            if (lin != null && !lin.adapters().isEmpty()) {
              try (NDArray merged = lin.effectiveWeight()) {
                w.putFloats(name, floats(merged), merged.getShape().getShape());
              }
            } else {
              w.putFloats(name, floats(a), a.getShape().getShape());
            }
          }
          w.write(staged.resolve("model.safetensors"));
          PeftCheckpoint.writeJsonAtomically(
              staged.resolve("config.json"), configJson(model.config()));
        },
        staged -> {});
  }

  private static float[] floats(NDArray a) {
    if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
      return a.toFloatArray();
    }
    try (NDArray f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
      return f.toFloatArray();
    }
  }

  /** The Hugging Face {@code config.json} fields of a configuration. */
  public static Map<String, Object> configJson(LlamaConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architectures", List.of("LlamaForCausalLM"));
    m.put("model_type", "llama");
    m.put("hidden_size", c.hiddenSize());
    m.put("intermediate_size", c.intermediateSize());
    m.put("num_hidden_layers", c.numLayers());
    m.put("num_attention_heads", c.numHeads());
    m.put("num_key_value_heads", c.numKvHeads());
    m.put("head_dim", c.headDim());
    m.put("vocab_size", c.vocabSize());
    m.put("max_position_embeddings", c.maxPositions());
    m.put("rms_norm_eps", c.rmsNormEps());
    m.put("rope_theta", c.ropeTheta());
    m.put("rope_scaling", null);
    m.put("hidden_act", "silu");
    m.put("tie_word_embeddings", c.tieWordEmbeddings());
    m.put("attention_bias", false);
    m.put("mlp_bias", false);
    m.put("bos_token_id", c.bosId());
    m.put("eos_token_id", c.eosId());
    m.put("torch_dtype", "float32");
    return m;
  }

  /**
   * Copies the tokenizer files ({@link #TOKENIZER_FILES}) present in a base model folder into
   * {@code dir}.
   *
   * @return the names copied
   */
  public static List<String> copyTokenizerFiles(Path baseFolder, Path dir) throws IOException {
    List<String> copied = new java.util.ArrayList<>();
    if (baseFolder == null || !Files.isDirectory(baseFolder)) {
      return copied;
    }
    Files.createDirectories(dir);
    for (String n : TOKENIZER_FILES) {
      Path src = baseFolder.resolve(n);
      if (Files.isRegularFile(src)) {
        AtomicOutput.writeFile(dir.resolve(n), tmp -> Files.copy(src, tmp), tmp -> {});
        copied.add(n);
      }
    }
    return copied;
  }
}
