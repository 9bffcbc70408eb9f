package io.palr.cli.commands;

import io.palr.cli.support.UsageException;
import io.palr.cli.support.WriterOutputStream;
import io.palr.core.rank.RankerKind;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.eval.experiment.CandidateSource;
import io.palr.eval.experiment.DataSpec;
import io.palr.eval.experiment.ExperimentConfig;
import io.palr.eval.experiment.ExperimentResult;
import io.palr.eval.experiment.LlmStart;
import io.palr.eval.experiment.QuickstartRunner;
import io.palr.eval.experiment.SystemSummary;
import io.palr.eval.protocol.FallbackRateException;
import io.palr.io.output.AtomicOutput;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palr quickstart}: PALR end to end with palr-eval's experiment runner ({@link
 * QuickstartRunner}): SASRec is trained, instruction data is built from the training items, a
 * LLaMA-architecture model is fine-tuned on it (from scratch by default, or from a pretrained
 * folder), and SASRec, PALR-v1 and PALR-v2 are compared on the test split. Prints the comparison
 * table, two users in full and the timing, and writes the report folder.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "PALR end to end on the embedded synthetic data: SASRec vs PALR-v1 vs PALR-v2.",
      "Trains SASRec, builds instruction data, fine-tunes a small LLaMA-architecture model, re-ranks SASRec's",
      "candidates with it and writes a report with tables and charts. Takes a few minutes on a laptop CPU."
    },
    footer = {
      "",
      "Examples:",
      "  palr quickstart",
      "  palr quickstart --dataset ml-100k --eval-users 500 -o palr-out/ml100k",
      "  palr quickstart --llm ../shared/models/stories260K-hf --llm-epochs 1"
    })
public final class QuickstartCommand extends PalrCommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = "palr-out/quickstart",
      description = "Output folder: checkpoints, logs and the report (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      defaultValue = "synthetic",
      description =
          "synthetic, ml-100k, beauty (under --shared) or a folder with u.data or user_sequence.txt"
              + " (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(
      names = "--shared",
      paramLabel = "DIR",
      description =
          "Folder holding data/ml-100k and data/beauty (default: the palr.shared property or ../shared).")
  Path shared;

  @Option(
      names = "--synthetic-users",
      paramLabel = "N",
      description = "Users of the synthetic data (default: the generator's 1,000).")
  Integer syntheticUsers;

  @Option(
      names = "--synthetic-franchises",
      paramLabel = "N",
      description = "Franchises of the synthetic data (default: the generator's 160).")
  Integer syntheticFranchises;

  @Option(
      names = "--llm",
      paramLabel = "scratch|DIR",
      defaultValue = "scratch",
      description =
          "Start the LLM from scratch or from a Hugging Face folder (default: ${DEFAULT-VALUE}).")
  String llm;

  @Option(
      names = "--eval-users",
      paramLabel = "N",
      defaultValue = "200",
      description = "Test users evaluated, a seeded sample; 0 = all (default: ${DEFAULT-VALUE}).")
  int evalUsers;

  @Option(
      names = "--sasrec-epochs",
      paramLabel = "N",
      defaultValue = "60",
      description = "SASRec epochs at most (default: ${DEFAULT-VALUE}).")
  int sasrecEpochs;

  @Option(
      names = "--llm-epochs",
      paramLabel = "N",
      defaultValue = "2",
      description = "Fine-tuning epochs (default: ${DEFAULT-VALUE}).")
  int llmEpochs;

  @Option(
      names = "--llm-batch",
      paramLabel = "N",
      defaultValue = "16",
      description = "Fine-tuning batch size (default: ${DEFAULT-VALUE}).")
  int llmBatch;

  @Option(
      names = "--llm-lr",
      paramLabel = "RATE",
      defaultValue = "3e-3",
      description = "Fine-tuning peak learning rate (default: ${DEFAULT-VALUE}).")
  double llmLearningRate;

  @Option(
      names = "--instruction-users",
      paramLabel = "RATE",
      defaultValue = "0.2",
      description = "Share of users turned into instruction examples (default: ${DEFAULT-VALUE}).")
  double instructionUsers;

  @Option(
      names = "--retriever",
      paramLabel = "KIND",
      defaultValue = "sasrec",
      description =
          "Retriever of the LLM's candidates: sasrec, text (item text through all-MiniLM-L6-v2) or"
              + " hybrid (SASRec and text fused, the text weight chosen on validation users)"
              + " (default: ${DEFAULT-VALUE}).")
  String retriever;

  @Option(
      names = "--cold-items",
      paramLabel = "RATE",
      defaultValue = "0",
      description =
          "Item cold start: keep the newest RATE of the items (by first interaction) out of all"
              + " training and print the cold/warm table (default: ${DEFAULT-VALUE} = off; the"
              + " protocol uses 0.1).")
  double coldItems;

  @Option(
      names = "--cold-start",
      description =
          "The item-cold-start demo: --dataset synthetic-cold --cold-items 0.1 --retriever hybrid"
              + " --rankers likelihood --no-v1 (explicit values of those options win).")
  boolean coldStart;

  @Option(
      names = "--v1",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "The PALR-v1 row (the Recommend task, generated and parsed); --no-v1 leaves it out"
              + " (default: on, off with --cold-start, where the demo model never names a"
              + " candidate).")
  boolean v1;

  @Option(
      names = "--candidates",
      paramLabel = "N",
      defaultValue = "50",
      description = "SASRec candidates the LLM re-ranks (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = {"-k", "--top"},
      paramLabel = "K",
      defaultValue = "10",
      description = "Length of the evaluated list (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--history",
      paramLabel = "N",
      defaultValue = "8",
      description = "Most recent history items in a prompt (default: ${DEFAULT-VALUE}).")
  int history;

  @Option(
      names = "--targets",
      paramLabel = "N",
      defaultValue = "10",
      description = "Most label items per instruction example (default: ${DEFAULT-VALUE}).")
  int targets;

  @Option(
      names = "--context",
      paramLabel = "N",
      defaultValue = "768",
      description = "Context length of a model trained from scratch (default: ${DEFAULT-VALUE}).")
  int context;

  @Option(
      names = "--reserve",
      paramLabel = "N",
      defaultValue = "128",
      description = "Context tokens kept free for the answer (default: ${DEFAULT-VALUE}).")
  int reserve;

  @Option(
      names = "--rankers",
      paramLabel = "KIND",
      split = ",",
      defaultValue = "likelihood,constrained,generative",
      description =
          "PALR-v2 ranker modes, the first is the headline row (default: ${DEFAULT-VALUE}).")
  List<String> rankers = new ArrayList<>();

  @Option(
      names = "--fusion-grid",
      paramLabel = "W",
      split = ",",
      defaultValue = "0,0.25,0.5,1,2,4,8,16",
      description =
          "Weights lambda tried on validation users for the PALR-v2 (fused) row: LLM likelihood + lambda *"
              + " log softmax(SASRec score) (default: ${DEFAULT-VALUE}).")
  List<Double> fusionGrid = new ArrayList<>();

  @Option(names = "--no-fusion", description = "Leave out the PALR-v2 (fused) row.")
  boolean noFusion;

  @Option(
      names = "--tune-users",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Validation users the fusion weight is chosen on, a seeded sample; 0 = all"
              + " (default: ${DEFAULT-VALUE}).")
  int tuneUsers;

  @Option(
      names = "--showcase",
      paramLabel = "N",
      defaultValue = "2",
      description = "Users shown in full (default: ${DEFAULT-VALUE}).")
  int showcase;

  @Option(
      names = "--max-fallback-rate",
      paramLabel = "RATE",
      defaultValue = "0.5",
      description =
          "Fail instead of reporting when a PALR row answers more than this share of users in SASRec's"
              + " order (default: ${DEFAULT-VALUE}).")
  double maxFallbackRate;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Creates the command; picocli fills the fields. */
  public QuickstartCommand() {}

  private void atLeast(long value, long least, String... option) {
    if (value < least) {
      throw new UsageException(typed(option) + " must be >= " + least + ": " + value);
    }
  }

  /** Checks the sizes with the options' names, before anything is allocated. */
  private void validate() {
    atLeast(evalUsers, 0, "--eval-users");
    atLeast(sasrecEpochs, 1, "--sasrec-epochs");
    atLeast(llmEpochs, 1, "--llm-epochs");
    atLeast(llmBatch, 1, "--llm-batch");
    atLeast(candidates, 1, "--candidates");
    atLeast(k, 1, "-k", "--top");
    atLeast(history, 1, "--history");
    atLeast(targets, 1, "--targets");
    atLeast(context, 64, "--context");
    atLeast(reserve, 1, "--reserve");
    atLeast(showcase, 0, "--showcase");
    atLeast(tuneUsers, 0, "--tune-users");
    if (context > MAX_CONTEXT) {
      throw new UsageException(
          "--context "
              + context
              + " is more than "
              + MAX_CONTEXT
              + " positions, far beyond what the demo model can be trained for on a CPU");
    }
    if (reserve >= context) {
      throw new UsageException(
          "--reserve " + reserve + " leaves no room for the prompt in --context " + context);
    }
    if (k > candidates) {
      throw new UsageException(
          typed("-k", "--top") + " " + k + " must not exceed --candidates " + candidates);
    }
  }

  /** The longest context of a model trained from scratch. */
  static final int MAX_CONTEXT = 32_768;

  @Override
  protected int execute() throws Exception {
    validate();
    if (!(maxFallbackRate >= 0 && maxFallbackRate <= 1)) {
      throw new UsageException("--max-fallback-rate must be in [0, 1]: " + maxFallbackRate);
    }
    requireFor(
        "--dataset synthetic",
        dataset.equals("synthetic"),
        "--synthetic-users",
        "--synthetic-franchises");
    requireFor("--llm scratch", llm.equals("scratch"), "--context");
    requireFor("the PALR-v2 (fused) row", !noFusion, "--fusion-grid", "--tune-users");
    Map<String, Path> inputs = new LinkedHashMap<>();
    if (!"scratch".equals(llm)) {
      inputs.put(typed("--llm"), Path.of(llm));
    }
    Path datasetPath = Path.of(dataset);
    if (Files.exists(datasetPath)) {
      inputs.put(typed("--dataset"), datasetPath);
    }
    requireSeparate(output, inputs);
    try (AtomicOutput staged = stageFolder(output, inputs)) {
      ExperimentConfig config = config(staged.staging());
      writeResolvedConfig(staged.staging());
      try (PrintStream out = stream(out());
          PrintStream progress = stream(err())) {
        ExperimentResult r = QuickstartRunner.run(config, out, progress);
        out.flush();
        for (SystemSummary row : r.rows()) {
          if (row.system().startsWith("PALR") && row.fallbackRate() > maxFallbackRate) {
            throw new FallbackRateException(
                row.system(), row.fallbackRate(), maxFallbackRate, typed("--max-fallback-rate"));
          }
        }
      }
      staged.commit();
    }
    out().println("report: " + output.resolve("report").resolve("report.md"));
    return 0;
  }

  private ExperimentConfig config(Path outputDir) {
    try {
      Path sharedDir =
          shared != null ? shared : Path.of(System.getProperty("palr.shared", "../shared"));
      CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
      String datasetValue =
          coldStart && !parsed.hasMatchedOption("--dataset") ? "synthetic-cold" : dataset;
      double coldRate = coldStart && !parsed.hasMatchedOption("--cold-items") ? 0.1 : coldItems;
      String retrieverValue =
          coldStart && !parsed.hasMatchedOption("--retriever") ? "hybrid" : retriever;
      DataSpec data = DataSpec.parse(datasetValue, sharedDir);
      if (syntheticUsers != null || syntheticFranchises != null) {
        if (!data.kind().equals(DataSpec.Kind.SYNTHETIC)) {
          throw new UsageException(
              "--synthetic-users/--synthetic-franchises apply to --dataset synthetic only");
        }
        SyntheticDataset.Config d = data.syntheticConfig();
        data =
            DataSpec.synthetic(
                new SyntheticDataset.Config(
                    syntheticUsers != null ? syntheticUsers : d.numUsers(),
                    syntheticFranchises != null ? syntheticFranchises : d.numFranchises(),
                    d.minLength(),
                    d.maxLength(),
                    d.sequelProbability(),
                    d.relatedProbability(),
                    d.seed(),
                    d.lateSequelRate()));
      }
      List<String> rankerValues =
          coldStart && !parsed.hasMatchedOption("--rankers") ? List.of("likelihood") : rankers;
      boolean v1Row = v1 && !(coldStart && !parsed.hasMatchedOption("--v1"));
      List<RankerKind> kinds = new ArrayList<>();
      for (String r : rankerValues) {
        try {
          kinds.add(RankerKind.valueOf(r.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new UsageException(
              "unknown ranker '"
                  + r
                  + "' in --rankers; expected likelihood, constrained or"
                  + " generative",
              e);
        }
      }
      return ExperimentConfig.builder()
          .data(data)
          .llm(LlmStart.parse(llm))
          .evalUsers(evalUsers)
          .instructionUserRate(instructionUsers)
          .sasrecEpochs(sasrecEpochs)
          .llmEpochs(llmEpochs)
          .llmBatchSize(llmBatch)
          .llmLearningRate(llmLearningRate)
          .numCandidates(candidates)
          .k(k)
          .maxHistoryItems(history)
          .maxTargets(targets)
          .scratchContext(context)
          .responseReserve(reserve)
          .v2Rankers(kinds.toArray(RankerKind[]::new))
          .seed(seed)
          .showcaseUsers(showcase)
          .outputDir(outputDir)
          .fusionGrid(noFusion ? List.of() : fusionGrid)
          .tuneUsers(tuneUsers)
          .candidates(CandidateSource.parse(retrieverValue))
          .coldItems(coldRate)
          .palrV1(v1Row)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static PrintStream stream(java.io.PrintWriter writer) {
    return new PrintStream(
        new WriterOutputStream(writer, StandardCharsets.UTF_8), true, StandardCharsets.UTF_8);
  }
}
