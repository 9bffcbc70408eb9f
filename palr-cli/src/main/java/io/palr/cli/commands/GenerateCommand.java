package io.palr.cli.commands;

import ai.djl.ndarray.types.DataType;
import io.palr.cli.generate.GenerateRunner;
import io.palr.cli.support.UsageException;
import io.palr.cli.support.WriterOutputStream;
import io.palr.llm.decode.NoAllowedTokenException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palr generate}: plain text generation with a LLaMA-family model (Hugging Face folder or
 * llama2.c {@code .bin}), printing the prompt followed by the completion as it streams, like
 * llama2.c's {@code run.c}. Wraps palr-llm's {@link GenerateRunner}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Generate text with a LLaMA-family model; prints the prompt, then the completion as it streams.",
    footer = {
      "",
      "Example:",
      "  palr generate --model ../shared/models/stories260K/stories260K.bin"
          + " --tokenizer ../shared/models/stories260K/tok512.bin --prompt 'Once upon a time' --max-tokens 64"
    })
public final class GenerateCommand extends PalrCommand {
  @Option(
      names = "--model",
      paramLabel = "PATH",
      required = true,
      description = "A Hugging Face model folder or a llama2.c .bin checkpoint.")
  Path model;

  @Option(
      names = "--tokenizer",
      paramLabel = "PATH",
      description =
          "Tokenizer file (tokenizer.json, tokenizer.model or llama2.c .bin; default: beside the model).")
  Path tokenizer;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      defaultValue = "",
      description = "The prompt (default: empty).")
  String prompt;

  @Option(
      names = {"-n", "--max-tokens"},
      paramLabel = "N",
      defaultValue = "256",
      description = "New tokens at most (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(
      names = {"-t", "--temperature"},
      paramLabel = "T",
      defaultValue = "0",
      description = "Sampling temperature; 0 decodes greedily (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      defaultValue = "0",
      description = "Sample among the K most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = {"-p", "--top-p"},
      paramLabel = "P",
      defaultValue = "1",
      description = "Nucleus sampling threshold; 1 = off (default: ${DEFAULT-VALUE}).")
  double topP;

  @Option(
      names = {"-s", "--seed"},
      paramLabel = "SEED",
      defaultValue = "0",
      description = "Sampling seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--stats",
      description =
          "Print load time, time to first token, steady decode speed and a memory breakdown on"
              + " standard error afterwards.")
  boolean stats;

  /** Weight storage types accepted by {@code --dtype}. */
  enum Precision {
    FLOAT32,
    FLOAT16
  }

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      description =
          "Weight storage: float32 or float16 (default: the checkpoint's own; F16 and BF16 stay"
              + " half precision).")
  Precision dtype;

  @Option(
      names = "--context",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Positions to reserve KV-cache memory for when checking the memory budget (default: the"
              + " model's context).")
  int context;

  /** Creates the command; picocli fills the fields. */
  public GenerateCommand() {}

  @Override
  protected int execute() throws Exception {
    if (maxTokens < 1) {
      throw new UsageException("--max-tokens must be >= 1");
    }
    if (temperature < 0 || topK < 0 || !(topP > 0 && topP <= 1)) {
      throw new UsageException("need --temperature >= 0, --top-k >= 0 and 0 < --top-p <= 1");
    }
    if (!Files.exists(model)) {
      throw new UsageException("no such model: " + model);
    }
    if (tokenizer != null && !Files.exists(tokenizer)) {
      throw new UsageException("no such tokenizer: " + tokenizer);
    }
    if (context < 0) {
      throw new UsageException("--context must be >= 0");
    }
    GenerateRunner.Request request =
        new GenerateRunner.Request(
            model,
            tokenizer,
            prompt,
            maxTokens,
            temperature,
            topK,
            topP,
            seed,
            0,
            dtype == null ? null : dtype == Precision.FLOAT16 ? DataType.FLOAT16 : DataType.FLOAT32,
            context);
    GenerateRunner.Result result;
    try (PrintStream stream =
        new PrintStream(
            new WriterOutputStream(out(), StandardCharsets.UTF_8), true, StandardCharsets.UTF_8)) {
      result = GenerateRunner.runWithStats(request, stream);
    } catch (NoAllowedTokenException e) {
      // not a usage error: the weights loaded (all finite) yet overflow on this prompt
      throw new IllegalStateException(
          model + ": the model's logits are NaN or infinite for this prompt (damaged weights?)", e);
    }
    out().flush();
    if (stats) {
      for (String line : result.stats().lines()) {
        err().println(line);
      }
      err().printf(Locale.ROOT, "finished: %s%n", result.generation().finishReason());
    }
    return 0;
  }
}
