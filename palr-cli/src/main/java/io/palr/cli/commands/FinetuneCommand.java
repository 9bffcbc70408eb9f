package io.palr.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.cli.support.UsageException;
import io.palr.core.instruct.InstructionDataReader;
import io.palr.llm.finetune.ConsoleProgressBar;
import io.palr.llm.finetune.FineTuneConfig;
import io.palr.llm.finetune.FineTuneMethod;
import io.palr.llm.finetune.FineTuneResult;
import io.palr.llm.finetune.ProgressListener;
import io.palr.llm.finetune.SftDatasets;
import io.palr.llm.finetune.SftExample;
import io.palr.llm.finetune.SftTrainer;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palr finetune}: supervised fine-tuning of a LLaMA-architecture model on PALR instruction
 * data (the JSONL {@code palr instructions} writes in Alpaca format, or {@code prompt}/{@code
 * completion} lines), with LoRA (a PEFT adapter folder) or all weights (a Hugging Face model
 * folder), through palr-llm's {@link SftTrainer}. The loss is on the response tokens only.
 */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    description =
        "Fine-tune a LLaMA-family model on PALR instruction data (LoRA adapter or full weights).",
    footer = {
      "",
      "Examples:",
      "  palr instructions --synthetic -o runs/instructions",
      "  palr finetune --model ../shared/models/stories260K-hf --instructions runs/instructions/instructions.jsonl"
          + " --method lora --rank 8 --epochs 1 -o runs/lora",
      "  palr recommend --synthetic --user u00001 --llm ../shared/models/stories260K-hf --adapter runs/lora"
    })
public final class FinetuneCommand extends PalrCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--model",
      paramLabel = "PATH",
      required = true,
      description = "Base model: a Hugging Face folder or a llama2.c .bin checkpoint.")
  Path model;

  @Option(
      names = "--tokenizer",
      paramLabel = "PATH",
      description = "Tokenizer (default: the one beside the model).")
  Path tokenizer;

  @Option(
      names = "--instructions",
      paramLabel = "FILE",
      required = true,
      description = "Training data: 'palr instructions' JSONL (alpaca) or prompt/completion JSONL.")
  Path instructions;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      defaultValue = "lora",
      description = "lora (PEFT adapter) or full (all weights) (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(
      names = "--rank",
      paramLabel = "R",
      defaultValue = "8",
      description = "LoRA rank (default: ${DEFAULT-VALUE}).")
  int rank;

  @Option(
      names = "--alpha",
      paramLabel = "A",
      defaultValue = "16",
      description = "LoRA alpha (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(
      names = "--targets",
      paramLabel = "MODULE",
      split = ",",
      defaultValue = "q_proj,v_proj",
      description = "LoRA target projections, or all-linear (default: ${DEFAULT-VALUE}).")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "2e-4",
      description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "1",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N optimizer steps; 0 = no limit (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "8",
      description = "Examples per micro-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--grad-accum",
      paramLabel = "N",
      defaultValue = "1",
      description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
  int gradientAccumulation;

  @Option(
      names = "--max-length",
      paramLabel = "TOKENS",
      defaultValue = "512",
      description =
          "Longest example in tokens; longer prompts are cut from the left (default: ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(
      names = "--eval-fraction",
      paramLabel = "F",
      defaultValue = "0.05",
      description =
          "Share of examples held out for the evaluation loss (default: ${DEFAULT-VALUE}).")
  double evalFraction;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description =
          "Output folder: the adapter (lora) or model (full), training_log.csv, resolved-config.json.")
  Path output;

  /** Creates the command; picocli fills the fields. */
  public FinetuneCommand() {}

  @Override
  protected int execute() throws Exception {
    FineTuneMethod m =
        switch (method.toLowerCase(Locale.ROOT)) {
          case "lora" -> FineTuneMethod.LORA;
          case "full" -> FineTuneMethod.FULL;
          default ->
              throw new UsageException("unknown --method '" + method + "'; expected lora or full");
        };
    if (!(evalFraction >= 0 && evalFraction < 1)) {
      throw new UsageException("--eval-fraction must be in [0, 1)");
    }
    if (!Files.exists(model)) {
      throw new UsageException("no such model: " + model);
    }
    if (!Files.isRegularFile(instructions)) {
      throw new UsageException(
          "no such instruction file: " + instructions + " (write one with 'palr instructions')");
    }
    FineTuneConfig.Builder b =
        FineTuneConfig.builder()
            .method(m)
            .learningRate(learningRate)
            .epochs(epochs)
            .maxSteps(maxSteps)
            .batchSize(batchSize)
            .gradientAccumulation(gradientAccumulation)
            .maxSequenceLength(maxLength)
            .seed(seed)
            .baseModel(model.toString());
    if (m == FineTuneMethod.LORA) {
      b.lora(rank, alpha).targetModules(targets);
    }
    FineTuneConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    List<SftExample> all = readExamples(instructions);
    if (all.isEmpty()) {
      throw new UsageException("no examples in " + instructions);
    }
    List<SftExample> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(seed));
    int numEval = (int) Math.floor(shuffled.size() * evalFraction);
    List<SftExample> eval = shuffled.subList(0, numEval);
    List<SftExample> train = shuffled.subList(numEval, shuffled.size());
    Files.createDirectories(output);
    writeResolvedConfig(output);
    out()
        .printf(
            Locale.ROOT,
            "fine-tuning %s (%s) on %,d examples (%,d held out)%n",
            model,
            m.name().toLowerCase(Locale.ROOT),
            train.size(),
            eval.size());
    out().flush();
    Tokenizer tok =
        Tokenizers.load(tokenizer != null ? tokenizer : LlamaModels.defaultTokenizer(model));
    try (LlamaModel llama = LlamaModels.load(model, SftTrainer.loadOptions(m));
        SftTrainer trainer = new SftTrainer(llama, tok, config)) {
      PrintStream progress =
          new PrintStream(
              new io.palr.cli.support.WriterOutputStream(err(), StandardCharsets.UTF_8),
              true,
              StandardCharsets.UTF_8);
      ProgressListener listener = new ConsoleProgressBar(progress);
      FineTuneResult r = trainer.train(train, eval, output, listener);
      progress.flush();
      out()
          .printf(
              Locale.ROOT,
              "%d steps (%.2f epochs) in %.1f s, %.0f tokens/s; train loss %.4f -> %.4f%s%n",
              r.steps(),
              r.epochs(),
              r.trainingSeconds(),
              r.tokensPerSecond(),
              r.initialTrainLoss(),
              r.finalTrainLoss(),
              Double.isNaN(r.finalEvalLoss())
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "; eval loss %.4f -> %.4f",
                      r.initialEvalLoss(),
                      r.finalEvalLoss()));
      if (r.skippedExamples() > 0 || r.truncatedExamples() > 0) {
        out()
            .printf(
                Locale.ROOT,
                "%d examples truncated, %d skipped as too long for --max-length %d%n",
                r.truncatedExamples(),
                r.skippedExamples(),
                maxLength);
      }
      out()
          .println(
              "wrote "
                  + (m == FineTuneMethod.LORA ? "PEFT adapter" : "model")
                  + " to "
                  + r.checkpoint());
    } finally {
      tok.close();
    }
    return 0;
  }

  private static List<SftExample> readExamples(Path file) throws IOException {
    JsonNode first = null;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          try {
            first = JSON.readTree(line);
          } catch (IOException e) {
            throw new UsageException(file + ":1: not a JSON line: " + e.getMessage(), e);
          }
          break;
        }
      }
    }
    if (first != null && first.has("instruction")) {
      List<SftExample> out = new ArrayList<>();
      InstructionDataReader.readAlpaca(file)
          .forEach(p -> out.add(new SftExample(p.prompt(), p.response())));
      return out;
    }
    if (first != null && first.has("messages")) {
      throw new UsageException(
          file + " is in chat format; export with 'palr instructions --style alpaca'");
    }
    return SftDatasets.readJsonl(file);
  }
}
