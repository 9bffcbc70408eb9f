package io.palr.examples;

import io.palr.api.PromptTask;
import io.palr.core.instruct.InstructionDataGenerator;
import io.palr.core.instruct.InstructionDataWriter;
import io.palr.core.instruct.InstructionExample;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.load.LoadOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * Example 4: the fine-tuning round trip. Exports PALR's instruction data (v1 Recommend and v2
 * Recommend_Retrieval examples, Alpaca JSONL) for fine-tuning elsewhere, e.g. with Hugging Face
 * PEFT; then loads a base model with the resulting LoRA adapter folder ({@code adapter_config.json}
 * + {@code adapter_model.safetensors}) and completes one exported prompt with it, exactly as the
 * ranker would at inference time.
 *
 * <pre>
 * InstructionDataExample OUT_DIR                       # export only
 * InstructionDataExample OUT_DIR BASE_MODEL ADAPTER_DIR [TOKENIZER]   # export, then load the adapter and generate
 * </pre>
 */
public final class InstructionDataExample {
  private InstructionDataExample() {}

  /**
   * Runs the example.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) throws IOException {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the example; returns the exit status (2 for bad arguments). */
  static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    if (args.length != 1 && args.length != 3 && args.length != 4) {
      err.println("usage: InstructionDataExample OUT_DIR [BASE_MODEL ADAPTER_DIR [TOKENIZER]]");
      return 2;
    }
    LeaveOneOutSplit split = LeaveOneOutSplit.of(SyntheticDataset.generate());
    PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);
    List<InstructionExample> examples =
        InstructionDataGenerator.builder(split, template)
            .tasks(EnumSet.of(PromptTask.RECOMMEND, PromptTask.RECOMMEND_RETRIEVAL))
            .build()
            .generate();
    Path file = Path.of(args[0]).resolve("palr-instructions.jsonl");
    java.nio.file.Files.createDirectories(file.getParent());
    InstructionDataWriter.write(examples, file, InstructionDataWriter.Format.ALPACA);
    out.println("wrote " + examples.size() + " examples to " + file);
    if (args.length == 1) {
      out.println(
          "fine-tune a LLaMA-family model on it (e.g. with PEFT LoRA), then run again with"
              + " BASE_MODEL ADAPTER_DIR to load the adapter");
      return 0;
    }
    Path tokenizer = args.length == 4 ? Path.of(args[3]) : null;
    LoadOptions withAdapter = LoadOptions.defaults().withAdapter(Path.of(args[2]), true);
    try (LlamaLanguageModel model =
        LlamaLanguageModel.open(Path.of(args[1]), tokenizer, withAdapter)) {
      int budget = model.contextLength() - 32;
      InstructionExample shortest =
          examples.stream()
              .min(
                  java.util.Comparator.comparingInt(
                      (InstructionExample e) -> model.countTokens(e.prompt())))
              .orElseThrow();
      if (model.countTokens(shortest.prompt()) > budget) {
        err.println(
            "no exported prompt fits the "
                + model.contextLength()
                + "-token context of "
                + model.name());
        return 1;
      }
      String answer =
          model
              .generate(
                  List.of(shortest.prompt()),
                  io.palr.api.llm.GenerationOptions.greedy(32).withStop(PalrPromptTemplate.STOP))
              .get(0);
      out.println("loaded " + model.name() + " with adapter " + args[2]);
      out.println(
          "prompt:   " + model.countTokens(shortest.prompt()) + " tokens, task " + shortest.task());
      out.println("expected: " + shortest.response().lines().findFirst().orElse(""));
      out.println("model:    " + answer.lines().findFirst().orElse(""));
    }
    return 0;
  }
}
