package io.palr.llm.load;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.palr.llm.model.Linear;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaLayer;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a Hugging Face LlamaForCausalLM folder: {@code config.json} plus single-file or sharded
 * safetensors.
 */
final class HfCheckpoint {
  private HfCheckpoint() {}

  /**
   * The weights file of a folder: {@code model.safetensors.index.json} or {@code
   * model.safetensors}.
   */
  static SafetensorsWeights openWeights(Path folder) throws IOException {
    Path index = folder.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      return SafetensorsWeights.openIndex(index);
    }
    Path single = folder.resolve("model.safetensors");
    if (Files.isRegularFile(single)) {
      return SafetensorsWeights.openFile(single);
    }
    throw new ModelFormatException(
        folder,
        null,
        "no model.safetensors or model.safetensors.index.json"
            + " (PyTorch .bin checkpoints are not supported: convert them to safetensors)");
  }

  static LlamaModel load(
      Path folder, LlamaConfig config, NDManager manager, DataType type, boolean writable)
      throws IOException {
    try (SafetensorsWeights w = openWeights(folder)) {
      int d = config.hiddenSize();
      int qOut = config.numHeads() * config.headDim();
      int kvOut = config.numKvHeads() * config.headDim();
      int ff = config.intermediateSize();
      NDArray embed =
          w.load("model.embed_tokens.weight", manager, type, writable, config.vocabSize(), d);
      List<LlamaLayer> layers = new ArrayList<>();
      for (int i = 0; i < config.numLayers(); i++) {
        String p = "model.layers." + i + ".";
        layers.add(
            new LlamaLayer(
                w.load(p + "input_layernorm.weight", manager, type, writable, d),
                linear(w, p + "self_attn.q_proj", manager, type, writable, qOut, d),
                linear(w, p + "self_attn.k_proj", manager, type, writable, kvOut, d),
                linear(w, p + "self_attn.v_proj", manager, type, writable, kvOut, d),
                linear(w, p + "self_attn.o_proj", manager, type, writable, d, qOut),
                w.load(p + "post_attention_layernorm.weight", manager, type, writable, d),
                linear(w, p + "mlp.gate_proj", manager, type, writable, ff, d),
                linear(w, p + "mlp.up_proj", manager, type, writable, ff, d),
                linear(w, p + "mlp.down_proj", manager, type, writable, d, ff)));
      }
      if (w.contains("model.layers." + config.numLayers() + ".input_layernorm.weight")) {
        throw new ModelFormatException(
            w.fileOf("model.layers.0.input_layernorm.weight"),
            "model.layers." + config.numLayers() + ".input_layernorm.weight",
            "the checkpoint has more layers than num_hidden_layers="
                + config.numLayers()
                + " in config.json");
      }
      NDArray norm = w.load("model.norm.weight", manager, type, writable, d);
      NDArray head = null;
      if (!config.tieWordEmbeddings()) {
        if (!w.contains("lm_head.weight")) {
          throw new ModelFormatException(
              w.fileOf("model.norm.weight"),
              "lm_head.weight",
              "missing while config.json has tie_word_embeddings=false");
        }
        head = w.load("lm_head.weight", manager, type, writable, config.vocabSize(), d);
      }
      return new LlamaModel(config, manager, embed, layers, norm, head);
    }
  }

  private static Linear linear(
      SafetensorsWeights w,
      String module,
      NDManager m,
      DataType type,
      boolean writable,
      long out,
      long in)
      throws IOException {
    return new Linear(module, w.load(module + ".weight", m, type, writable, out, in));
  }
}
