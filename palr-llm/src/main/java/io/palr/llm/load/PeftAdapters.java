package io.palr.llm.load;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.io.FileFormatException;
import io.palr.io.output.AtomicOutput;
import io.palr.io.output.FolderManifest;
import io.palr.io.safetensors.TensorInfo;
import io.palr.llm.model.Linear;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.model.LoraAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a PEFT LoRA adapter folder ({@code adapter_config.json} with {@code r}, {@code
 * lora_alpha}, {@code target_modules}, optional {@code use_rslora}; {@code
 * adapter_model.safetensors} with tensors such as {@code
 * base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}) to a {@link LlamaModel}, either
 * kept separate on the {@link Linear} projections or merged into their weights.
 */
public final class PeftAdapters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "base_model.model.";

  private PeftAdapters() {}

  /**
   * Reads the adapter and applies it.
   *
   * @param model the model (adapter arrays are created in its manager)
   * @param folder the adapter folder
   * @param merge fold into the weights instead of keeping separate
   * @return the module names that received an adapter
   * @throws ModelFormatException if the config or tensors are malformed or do not fit the model
   */
  public static List<String> apply(LlamaModel model, Path folder, boolean merge)
      throws IOException {
    AtomicOutput.recover(folder);
    try {
      FolderManifest.verify(folder);
    } catch (FileFormatException e) {
      throw new ModelFormatException(folder, null, e.getMessage(), e);
    }
    Path configFile = folder.resolve("adapter_config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new ModelFormatException(configFile, null, "missing adapter_config.json");
    }
    JsonNode c;
    try {
      c = JSON.readTree(configFile.toFile());
    } catch (IOException e) {
      throw new ModelFormatException(configFile, null, "not valid JSON: " + e.getMessage(), e);
    }
    String peftType = c.path("peft_type").asText("LORA");
    if (!peftType.equals("LORA")) {
      throw new ModelFormatException(
          configFile, "peft_type", "only LORA adapters are supported, got " + peftType);
    }
    if (!c.path("r").canConvertToInt() || c.path("r").asInt() < 1) {
      throw new ModelFormatException(configFile, "r", "missing or invalid rank r");
    }
    int r = c.path("r").asInt();
    double alpha = c.path("lora_alpha").asDouble(r);
    float scale =
        (float) (c.path("use_rslora").asBoolean(false) ? alpha / Math.sqrt(r) : alpha / r);
    if (c.path("fan_in_fan_out").asBoolean(false)) {
      throw new ModelFormatException(
          configFile, "fan_in_fan_out", "fan_in_fan_out=true is not supported for LLaMA");
    }
    Set<String> targets = new HashSet<>();
    JsonNode tm = c.path("target_modules");
    if (tm.isArray()) {
      tm.forEach(n -> targets.add(n.asText()));
    } else if (tm.isTextual()) {
      targets.add(tm.asText());
    }
    Path weightsFile = folder.resolve("adapter_model.safetensors");
    if (!Files.isRegularFile(weightsFile)) {
      throw new ModelFormatException(
          weightsFile,
          null,
          "missing adapter_model.safetensors (adapter_model.bin is not" + " supported)");
    }
    Map<String, Linear> linears = model.linears();
    List<String> applied = new ArrayList<>();
    NDManager manager = model.manager();
    try (SafetensorsWeights w = SafetensorsWeights.openFile(weightsFile)) {
      for (String name : w.names()) {
        if (name.contains("lora_embedding") || name.contains("modules_to_save")) {
          throw new ModelFormatException(
              weightsFile, name, "embedding LoRA / modules_to_save are not supported");
        }
        if (!name.endsWith(".lora_A.weight")) {
          if (!name.endsWith(".lora_B.weight")) {
            throw new ModelFormatException(
                weightsFile, name, "unexpected tensor in a LoRA adapter");
          }
          continue;
        }
        String module = name.substring(0, name.length() - ".lora_A.weight".length());
        if (module.startsWith(PREFIX)) {
          module = module.substring(PREFIX.length());
        }
        Linear target = linears.get(module);
        if (target == null) {
          throw new ModelFormatException(
              weightsFile, name, "no projection '" + module + "' in the model");
        }
        String leaf = module.substring(module.lastIndexOf('.') + 1);
        if (!targets.isEmpty() && !targets.contains(leaf) && !targets.contains(module)) {
          throw new ModelFormatException(
              weightsFile, name, "module '" + leaf + "' is not in target_modules " + targets);
        }
        if (module.equals("lm_head") && model.lmHead().weight() == model.embedding()) {
          throw new ModelFormatException(
              weightsFile, name, "LoRA on a tied lm_head is not supported");
        }
        String bName =
            name.substring(0, name.length() - "lora_A.weight".length()) + "lora_B.weight";
        TensorInfo a = w.info(name);
        if (a.shape().length != 2 || a.shape()[0] != r) {
          throw new ModelFormatException(
              weightsFile,
              name,
              "lora_A must be [r=" + r + ", in], got " + java.util.Arrays.toString(a.shape()));
        }
        NDArray aArr =
            w.load(name, manager, target.weight().getDataType(), true, r, target.inFeatures());
        NDArray bArr =
            w.load(bName, manager, target.weight().getDataType(), true, target.outFeatures(), r);
        target.addAdapter(new LoraAdapter(aArr, bArr, scale));
        applied.add(module);
      }
    }
    if (applied.isEmpty()) {
      throw new ModelFormatException(weightsFile, null, "no lora_A tensors found");
    }
    if (merge) {
      for (String m : applied) {
        linears.get(m).mergeAdapters();
      }
    }
    return applied;
  }
}
