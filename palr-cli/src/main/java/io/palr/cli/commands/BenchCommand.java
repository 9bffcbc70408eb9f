package io.palr.cli.commands;

import io.palr.bench.data.DataBench;
import io.palr.bench.eval.EvaluationThroughputBenchmark;
import io.palr.bench.explain.ExplanationBenchmark;
import io.palr.bench.llm.FineTuneBenchmark;
import io.palr.bench.llm.LlmBenchmark;
import io.palr.bench.llm.LlmScaleBenchmark;
import io.palr.bench.retrieval.BatchRecommendBenchmark;
import io.palr.bench.retrieval.QualityBenchmark;
import io.palr.bench.retrieval.SpeedBenchmark;
import io.palr.bench.text.TextBench;
import io.palr.cli.support.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palr bench}: the speed benchmarks of the palr modules in one place. Each benchmark is the
 * module's own entry point; arguments after the benchmark's name are passed to it unchanged and it
 * prints its figures to standard output.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Run a speed benchmark of a palr module (see --list); extra arguments go to the benchmark.",
    footer = {"", "Examples:", "  palr bench --list", "  palr bench eval 20000 12000 1 3"})
public final class BenchCommand extends PalrCommand {
  /** A benchmark entry point. */
  @FunctionalInterface
  interface Entry {
    void run(String[] args) throws Exception;
  }

  private record Bench(String description, String usage, Entry entry) {}

  private static final Map<String, Bench> BENCHES = new LinkedHashMap<>();

  static {
    BENCHES.put(
        "data",
        new Bench(
            "data path: load + 5-core + split of an ML-1M-shaped file, heap, snapshot I/O"
                + " (palr-core)",
            "[--interactions N] [--users N] [--items N] [--runs N] [--seed N] [--dir ML1M_DIR]",
            DataBench::main));
    BENCHES.put(
        "retrieval",
        new Bench(
            "SASRec training speed, memory and top-50 retrieval throughput on"
                + " ML-1M-shaped data (palr-retrieval)",
            "[--epochs 3] [--users 6040] [--retrieval-users 2000]",
            SpeedBenchmark::main));
    BENCHES.put(
        "retrieval-quality",
        new Bench(
            "the retrieval quality table: every model on Beauty and ML-100K with its preset,"
                + " full and sampled ranking (needs the shared data; scripts/reproduce.sh is the"
                + " same through prepare/train/evaluate)",
            "[--shared DIR] [--out DIR] [--data beauty,ml100k] [--models sasrec,bpr,...] [--seed 42]"
                + " [--max-epochs N] [--minutes-per-model M]",
            QualityBenchmark::main));
    BENCHES.put(
        "recommend-all",
        new Bench(
            "single-JVM Palr.recommendAll throughput for every user of a snapshot, the baseline of"
                + " 'palr spark recommend' (palr-core, palr-retrieval)",
            "--data SNAPSHOT [--model-dir DIR] [--k 10] [--batch 256] [--runs 3]",
            BatchRecommendBenchmark::main));
    BENCHES.put(
        "llm",
        new Bench(
            "LLM decode tokens/s at batch 1 and 16 and time to first token (palr-llm)",
            "[--model PATH(stories260K.bin)] [--tokens N] [--repeats R] [--device cpu|gpu] [--threads N]",
            LlmBenchmark::main));
    BENCHES.put(
        "llm-scale",
        new Bench(
            "large-model path: load time, peak RSS vs estimate, likelihood scoring of a PALR"
                + " prompt's candidates, time to first token, steady decode (palr-llm; e.g. a"
                + " LLaMA-7B-shaped checkpoint from scripts/random-llama.py)",
            "--model DIR [--threads N] [--candidates 20] [--history 10] [--decode 16] [--lists 1]"
                + " [--context 1024]",
            LlmScaleBenchmark::main));
    BENCHES.put(
        "text",
        new Bench(
            "item text embedding (empty cache, cached re-run) and full-catalogue text retrieval"
                + " users/s (palr-text; Beauty from the shared data by default)",
            "[--data beauty|ml-100k|synthetic|DIR] [--shared DIR] [--model q|fp32]"
                + " [--encoder-threads N] [--parallel true|false] [--users 4000] [--repeats 3]",
            TextBench::main));
    BENCHES.put(
        "eval",
        new Bench(
            "evaluation throughput: users ranked per second, full and sampled protocols"
                + " (palr-eval)",
            "[USERS [ITEMS [THREADS [REPETITIONS]]]] (positional; default 20000 12000 1 3)",
            EvaluationThroughputBenchmark::main));
    BENCHES.put(
        "finetune",
        new Bench(
            "fine-tuning throughput: optimizer steps/s and tokens/s on PALR-shaped examples"
                + " (palr-llm)",
            "[--model demo|PATH] [--method lora|full] [--batch 8] [--seq 256] [--steps 10]"
                + " [--warmup 2] [--threads N]",
            FineTuneBenchmark::main));
    BENCHES.put(
        "explain",
        new Bench(
            "explanations: faithfulness by deletion test (cited vs random history items, paired"
                + " t-test), template time per user, LLM grounding pass rate (palr-core; needs the"
                + " shared data)",
            "[--data ml-100k,beauty] [--users 300] [--k 10] [--draws 5]"
                + " [--retrievers sasrec,itemknn] [--sasrec-epochs 40] [--llm PATH] [--llm-users 20]"
                + " [--out runs/explain]",
            ExplanationBenchmark::main));
  }

  @Option(
      names = {"-l", "--list"},
      description = "List the benchmarks and exit.")
  boolean list;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "BENCHMARK",
      description = "The benchmark to run.")
  String name;

  @Parameters(
      index = "1..*",
      paramLabel = "ARG",
      description = "Arguments passed to the benchmark.")
  List<String> args = new ArrayList<>();

  /** Creates the command; picocli fills the fields. */
  public BenchCommand() {}

  /** The names of the available benchmarks. */
  public static List<String> names() {
    return List.copyOf(BENCHES.keySet());
  }

  @Override
  protected int execute() throws Exception {
    if (list || name == null) {
      if (!list) {
        throw new UsageException(
            "name a benchmark: " + String.join(", ", BENCHES.keySet()) + " (or --list)");
      }
      out().println("benchmarks (palr bench NAME [ARG...]):");
      BENCHES.forEach(
          (n, b) ->
              out().printf("  %-18s %s%n  %-18s args: %s%n", n, b.description(), "", b.usage()));
      return 0;
    }
    Bench bench = BENCHES.get(name);
    if (bench == null) {
      throw new UsageException(
          "unknown benchmark '" + name + "'; available: " + String.join(", ", BENCHES.keySet()));
    }
    out().flush();
    // 'palr bench NAME -- ARGS' (needed before options passed through) still works
    List<String> passed =
        !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
    try {
      bench.entry().run(passed.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "bad argument for benchmark '"
              + name
              + "' ("
              + e.getMessage()
              + "); usage: "
              + bench.usage(),
          e);
    }
    return 0;
  }
}
