package io.palr.cli.commands;

import io.palr.api.PromptTask;
import io.palr.cli.options.DataOptions;
import io.palr.cli.support.UsageException;
import io.palr.core.instruct.InstructionDataGenerator;
import io.palr.core.instruct.InstructionDataWriter;
import io.palr.core.instruct.InstructionExample;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.io.output.AtomicOutput;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palr instructions}: exports PALR's fine-tuning data (Recommend = v1, Recommend_Retrieval =
 * v2) built from the training part of the split only, as JSON Lines in Alpaca or chat format, for
 * palr's own fine-tuner or any other tool.
 */
@Command(
    name = "instructions",
    mixinStandardHelpOptions = true,
    description = "Export PALR instruction-tuning data (JSONL, alpaca or chat; v1, v2 or both).",
    footer = {
      "",
      "Examples:",
      "  palr instructions --synthetic -o runs/instructions",
      "  palr instructions --data data/ml-1m.palrds --tasks v2 --style chat -o runs/ml1m-instructions"
    })
public final class InstructionsCommand extends PalrCommand {
  @Mixin DataOptions data;

  @Option(
      names = "--tasks",
      paramLabel = "V",
      defaultValue = "both",
      description = "v1 (Recommend), v2 (Recommend_Retrieval) or both (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(
      names = "--style",
      paramLabel = "FORMAT",
      defaultValue = "alpaca",
      description = "JSONL record format: alpaca or chat (default: ${DEFAULT-VALUE}).")
  String style;

  @Option(
      names = "--user-sample",
      paramLabel = "RATE",
      defaultValue = "0.2",
      description = "Share of users turned into examples (default: ${DEFAULT-VALUE}).")
  double userSample;

  @Option(
      names = "--candidates",
      paramLabel = "N",
      defaultValue = "30",
      description = "Candidate list size of v2 examples (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = "--max-targets",
      paramLabel = "N",
      defaultValue = "20",
      description = "Most label items per example (default: ${DEFAULT-VALUE}).")
  int maxTargets;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of user sampling, cuts and negatives (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Folder for instructions.jsonl and resolved-config.json.")
  Path output;

  /** Creates the command; picocli fills the fields. */
  public InstructionsCommand() {}

  @Override
  protected boolean usesEngine() {
    return false;
  }

  @Override
  protected int execute() throws Exception {
    Set<PromptTask> tasks =
        switch (version.toLowerCase(Locale.ROOT)) {
          case "v1" -> EnumSet.of(PromptTask.RECOMMEND);
          case "v2" -> EnumSet.of(PromptTask.RECOMMEND_RETRIEVAL);
          case "both" -> EnumSet.of(PromptTask.RECOMMEND, PromptTask.RECOMMEND_RETRIEVAL);
          default ->
              throw new UsageException(
                  "unknown --tasks '" + version + "'; expected v1, v2 or both");
        };
    InstructionDataWriter.Format format;
    try {
      format = InstructionDataWriter.Format.valueOf(style.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("unknown --style '" + style + "'; expected alpaca or chat", e);
    }
    requireSeparate(output, data.inputs());
    DataOptions.Loaded loaded = data.load();
    InstructionDataGenerator generator;
    try {
      generator =
          InstructionDataGenerator.builder(loaded.split(), PalrPromptTemplate.of(loaded.domain()))
              .tasks(tasks)
              .userSampleRate(userSample)
              .numCandidates(candidates)
              .maxTargets(maxTargets)
              .seed(seed)
              .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    List<InstructionExample> examples = generator.generate();
    Path file = output.resolve("instructions.jsonl");
    try (AtomicOutput staged = stageFolder(output, data.inputs())) {
      InstructionDataWriter.write(examples, staged.staging().resolve(file.getFileName()), format);
      writeResolvedConfig(staged.staging());
      staged.commit();
    }
    long v1 = examples.stream().filter(e -> e.task() == PromptTask.RECOMMEND).count();
    out()
        .printf(
            Locale.ROOT,
            "wrote %,d examples (%,d v1, %,d v2) from %,d users of %s to %s (%s)%n",
            examples.size(),
            v1,
            examples.size() - v1,
            generator.sampledUsers().size(),
            loaded.dataset().name(),
            file,
            format.name().toLowerCase(Locale.ROOT));
    return 0;
  }
}
