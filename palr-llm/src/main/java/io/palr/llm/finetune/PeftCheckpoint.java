package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palr.io.output.AtomicOutput;
import io.palr.io.safetensors.SafetensorsWriter;
import io.palr.llm.model.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes LoRA adapters as a PEFT adapter folder, the layout Python PEFT's {@code save_pretrained}
 * produces: {@code adapter_config.json} ({@code peft_type} LORA, {@code task_type} CAUSAL_LM,
 * {@code r}, {@code lora_alpha}, {@code target_modules}, {@code base_model_name_or_path}, ...) and
 * {@code adapter_model.safetensors} with float32 tensors {@code
 * base_model.model.<module>.lora_A.weight} [r, in] and {@code ...lora_B.weight} [out, r]. It loads
 * back through {@link io.palr.llm.load.PeftAdapters} and through {@code PeftModel.from_pretrained}.
 */
final class PeftCheckpoint {
  /** PEFT's prefix for module names of a causal LM. */
  static final String PREFIX = "base_model.model.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PeftCheckpoint() {}

  static void write(Path dir, LoraTrainables lora, FineTuneConfig config) throws IOException {
    Files.createDirectories(dir);
    SafetensorsWriter w = new SafetensorsWriter().requireFinite();
    w.metadata("format", "pt");
    List<Linear> targets = lora.targets();
    List<NDArray[]> masters = lora.masters();
    TreeSet<String> leaves = new TreeSet<>();
    for (int i = 0; i < targets.size(); i++) {
      Linear lin = targets.get(i);
      leaves.add(lin.name().substring(lin.name().lastIndexOf('.') + 1));
      NDArray a = masters.get(i)[0];
      NDArray b = masters.get(i)[1];
      w.putFloats(
          PREFIX + lin.name() + ".lora_A.weight", a.toFloatArray(), a.getShape().getShape());
      w.putFloats(
          PREFIX + lin.name() + ".lora_B.weight", b.toFloatArray(), b.getShape().getShape());
    }
    w.write(dir.resolve("adapter_model.safetensors"));
    ObjectNode c = JSON.createObjectNode();
    c.put("peft_type", "LORA");
    c.put("task_type", "CAUSAL_LM");
    c.put("base_model_name_or_path", config.baseModel());
    c.put("r", config.loraRank());
    c.put("lora_alpha", config.loraAlpha());
    c.put("lora_dropout", 0.0);
    c.putPOJO("target_modules", new ArrayList<>(leaves));
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    c.put("init_lora_weights", true);
    c.put("use_rslora", false);
    c.put("use_dora", false);
    c.putNull("modules_to_save");
    c.putNull("layers_to_transform");
    c.putNull("revision");
    writeJsonAtomically(dir.resolve("adapter_config.json"), c);
  }

  static void writeJsonAtomically(Path file, Object value) throws IOException {
    AtomicOutput.writeFile(
        file,
        tmp -> JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value),
        tmp -> JSON.readTree(tmp.toFile()));
  }
}
