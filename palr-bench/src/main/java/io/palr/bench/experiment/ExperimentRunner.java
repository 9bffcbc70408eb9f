package io.palr.bench.experiment;

import io.palr.core.rank.RankerKind;
import io.palr.eval.experiment.CandidateSource;
import io.palr.eval.experiment.DataSpec;
import io.palr.eval.experiment.ExperimentConfig;
import io.palr.eval.experiment.ExperimentResult;
import io.palr.eval.experiment.LlmStart;
import io.palr.eval.experiment.QuickstartRunner;
import io.palr.eval.protocol.EvaluationMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PALR end to end on any supported data set, from the command line:
 *
 * <pre>{@code
 * java -cp ... io.palr.bench.experiment.ExperimentRunner --data ml-100k --llm /work/shared/models/stories260K-hf \
 *     --eval-users 200 --instruction-users 0.5 --llm-epochs 2 --sasrec-epochs 40 --out runs/ml100k-stories
 * }</pre>
 *
 * <p>Options (defaults are the quickstart's): {@code --data synthetic|ml-100k|beauty|<folder>},
 * {@code --shared <dir>} (where {@code data/ml-100k} etc. live; default {@code ../shared} or the
 * {@code palr.shared} property), {@code --llm scratch|<hf-folder>}, {@code --eval-users N} (0 =
 * all), {@code --instruction-users RATE}, {@code --sasrec-epochs N}, {@code --sasrec-seconds N},
 * {@code --llm-epochs N}, {@code --batch N}, {@code --lr X}, {@code --candidates N}, {@code --k N},
 * {@code --history N}, {@code --targets N}, {@code --context N} (scratch model), {@code
 * --pretrained-context N}, {@code --reserve N}, {@code --rankers
 * likelihood,constrained,generative}, {@code --seed N}, {@code --out DIR}, {@code --fusion-grid
 * 0,0.25,...} (fusion weights tried on validation for the fused PALR-v2 row; {@code ""} = none),
 * {@code --tune-users N} (validation users for that choice; 0 = all), {@code --v1-no-repeat N} (an
 * extra PALR-v1 row decoded without repeated n-grams), {@code --v1 true|false} (the PALR-v1 row;
 * default true), {@code --split test|validation} (the split of the table), {@code --retriever
 * sasrec|text|hybrid}, {@code --cold-items RATE}.
 */
public final class ExperimentRunner {
  private ExperimentRunner() {}

  /**
   * Parses the options, runs the experiment and prints the results.
   *
   * @param args the options above
   * @throws IOException if data cannot be read or the report cannot be written
   */
  public static void main(String[] args) throws IOException {
    ExperimentConfig config = parse(args);
    ExperimentResult r = QuickstartRunner.run(config, System.out, System.err);
    System.out.println("Report: " + r.report().markdown().toAbsolutePath());
  }

  /**
   * Parses command-line options into a configuration.
   *
   * @throws IllegalArgumentException on an unknown option or a bad value (the message names it)
   */
  public static ExperimentConfig parse(String[] args) {
    ExperimentConfig.Builder b = ExperimentConfig.builder();
    Path shared = Path.of(System.getProperty("palr.shared", "../shared"));
    String data = "synthetic";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--shared")) {
        shared = Path.of(value(args, ++i, "--shared"));
      }
    }
    for (int i = 0; i < args.length; i++) {
      String opt = args[i];
      String v = value(args, ++i, opt);
      try {
        switch (opt) {
          case "--data" -> data = v;
          case "--shared" -> {}
          case "--llm" -> b.llm(LlmStart.parse(v));
          case "--eval-users" -> b.evalUsers(Integer.parseInt(v));
          case "--instruction-users" -> b.instructionUserRate(Double.parseDouble(v));
          case "--sasrec-epochs" -> b.sasrecEpochs(Integer.parseInt(v));
          case "--sasrec-seconds" -> b.sasrecMaxSeconds(Long.parseLong(v));
          case "--llm-epochs" -> b.llmEpochs(Integer.parseInt(v));
          case "--batch" -> b.llmBatchSize(Integer.parseInt(v));
          case "--lr" -> b.llmLearningRate(Double.parseDouble(v));
          case "--candidates" -> b.numCandidates(Integer.parseInt(v));
          case "--k" -> b.k(Integer.parseInt(v));
          case "--history" -> b.maxHistoryItems(Integer.parseInt(v));
          case "--targets" -> b.maxTargets(Integer.parseInt(v));
          case "--context" -> b.scratchContext(Integer.parseInt(v));
          case "--pretrained-context" -> b.pretrainedContext(Integer.parseInt(v));
          case "--reserve" -> b.responseReserve(Integer.parseInt(v));
          case "--rankers" -> b.v2Rankers(rankers(v));
          case "--seed" -> b.seed(Long.parseLong(v));
          case "--fusion-grid" -> b.fusionGrid(weights(v));
          case "--tune-users" -> b.tuneUsers(Integer.parseInt(v));
          case "--v1-no-repeat" -> b.v1NoRepeatNgram(Integer.parseInt(v));
          case "--v1" -> b.palrV1(bool(opt, v));
          case "--split" -> b.split(EvaluationMode.valueOf(v.toUpperCase(Locale.ROOT)));
          case "--out" -> b.outputDir(Path.of(v));
          case "--retriever" -> b.candidates(CandidateSource.parse(v));
          case "--cold-items" -> b.coldItems(Double.parseDouble(v));
          default -> throw new IllegalArgumentException("unknown option " + opt);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(opt + ": not a number: '" + v + "'", e);
      }
    }
    return b.data(DataSpec.parse(data, shared)).build();
  }

  private static boolean bool(String opt, String v) {
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(opt + ": expected true or false: '" + v + "'");
    };
  }

  private static List<Double> weights(String v) {
    List<Double> out = new ArrayList<>();
    for (String s : v.split(",", -1)) {
      if (!s.isBlank()) {
        out.add(Double.parseDouble(s.trim()));
      }
    }
    return out;
  }

  private static RankerKind[] rankers(String v) {
    List<RankerKind> out = new ArrayList<>();
    for (String s : v.split(",", -1)) {
      out.add(RankerKind.valueOf(s.trim().toUpperCase(Locale.ROOT)));
    }
    return out.toArray(new RankerKind[0]);
  }

  private static String value(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }
}
