package io.palr.bench.llm;

import io.palr.llm.finetune.FineTuneConfig;
import io.palr.llm.finetune.FineTuneMethod;
import io.palr.llm.finetune.FineTuneResult;
import io.palr.llm.finetune.LrSchedule;
import io.palr.llm.finetune.ProgressListener;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.finetune.SftExample;
import io.palr.llm.finetune.SftTrainer;
import io.palr.llm.finetune.StepProgress;
import io.palr.llm.finetune.TruncationPolicy;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures fine-tuning throughput (optimizer steps/s and input tokens/s) on synthetic PALR-shaped
 * examples: a ranking prompt with 50 candidate titles, truncated from the left so every example has
 * exactly {@code --seq} input tokens, and one title as the response.
 *
 * <pre>
 * java -cp ... io.palr.bench.llm.FineTuneBenchmark [--model demo|PATH] [--method lora|full] [--batch 8]
 *     [--seq 256] [--steps 10] [--warmup 2] [--threads N]
 * </pre>
 *
 * {@code demo} is the quickstart's demo model (random initialisation, word-level tokenizer, full
 * fine-tuning by default); a path is a Hugging Face folder (LoRA r=8 on q_proj,v_proj by default).
 * Warmup steps are excluded from the figures.
 */
public final class FineTuneBenchmark {
  private static final String[] ADJECTIVES = {
    "Silent",
    "Crimson",
    "Hidden",
    "Golden",
    "Broken",
    "Endless",
    "Iron",
    "Velvet",
    "Frozen",
    "Wandering",
    "Quiet",
    "Burning",
    "Distant",
    "Hollow",
    "Electric",
    "Secret"
  };
  private static final String[] NOUNS = {
    "Comet",
    "Harbor",
    "Garden",
    "River",
    "Empire",
    "Lantern",
    "Forest",
    "Echo",
    "Mountain",
    "Signal",
    "Kingdom",
    "Mirror",
    "Storm",
    "Voyage",
    "Citadel",
    "Melody"
  };
  private static final String[] NUMERALS = {"", " II", " III", " (1997)", " (2004)", ": Reloaded"};

  private FineTuneBenchmark() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    String model = "demo";
    String method = null;
    int batch = 8;
    int seq = 256;
    int steps = 10;
    int warmup = 2;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--model" -> model = v;
        case "--method" -> method = v;
        case "--batch" -> batch = Integer.parseInt(v);
        case "--seq" -> seq = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--threads" -> System.setProperty("ai.djl.pytorch.num_threads", v);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.setProperty("ai.djl.offline", "true");
    List<SftExample> examples = examples(batch * (warmup + steps), new Random(1));
    boolean demo = model.equals("demo");
    FineTuneMethod m =
        method == null
            ? (demo ? FineTuneMethod.FULL : FineTuneMethod.LORA)
            : FineTuneMethod.valueOf(method.toUpperCase(Locale.ROOT));
    Tokenizer tok;
    LlamaModel llama;
    if (demo) {
      List<String> texts = new ArrayList<>();
      examples.forEach(
          e -> {
            texts.add(e.prompt());
            texts.add(e.response());
          });
      WordLevelTokenizer w = WordLevelTokenizer.train(texts, 2);
      tok = w;
      llama =
          ScratchModels.random(
              ScratchModels.demoConfig(w.vocabSize(), Math.max(512, seq)), 1, null);
    } else {
      Path p = Path.of(model);
      tok = Tokenizers.load(LlamaModels.defaultTokenizer(p));
      llama = LlamaModels.load(p, SftTrainer.loadOptions(m));
    }
    double promptTokens =
        examples.stream().mapToInt(e -> tok.encode(e.prompt(), true).length).average().orElse(0);
    System.out.printf(
        Locale.ROOT, "untruncated prompt: %.0f tokens on average (50 candidates)%n", promptTokens);
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .method(m)
            .batchSize(batch)
            .maxSteps(warmup + steps)
            .maxSequenceLength(seq + 1)
            .truncation(TruncationPolicy.TRUNCATE_PROMPT_LEFT)
            .schedule(LrSchedule.CONSTANT)
            .learningRate(1e-4)
            .baseModel(model)
            .build();
    Path out = Files.createTempDirectory("palr-ft-bench");
    double[] warmEnd = new double[1];
    int warm = warmup;
    try (llama;
        SftTrainer trainer = new SftTrainer(llama, tok, cfg)) {
      FineTuneResult r =
          trainer.train(
              examples,
              List.of(),
              out,
              new ProgressListener() {
                @Override
                public void onStep(StepProgress p) {
                  if (p.step() == warm) {
                    warmEnd[0] = p.elapsedSeconds();
                  }
                }
              });
      double seconds = r.trainingSeconds() - warmEnd[0];
      long tokens = (long) steps * batch * seq;
      System.out.printf(
          Locale.ROOT,
          "model=%s method=%s params=%d trainable=%d vocab=%d batch=%d seq=%d steps=%d"
              + " threads=%s%n",
          model,
          m,
          llama.config().parameterCount(),
          trainer.trainableParameterCount(),
          tok.vocabSize(),
          batch,
          seq,
          steps,
          System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
      System.out.printf(
          Locale.ROOT,
          "steps/s=%.3f tokens/s=%.1f (%.2f s per step; loss %.3f -> %.3f)%n",
          steps / seconds,
          tokens / seconds,
          seconds / steps,
          r.initialTrainLoss(),
          r.finalTrainLoss());
    } finally {
      try (Stream<Path> s = Files.walk(out)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** PALR-shaped ranking prompts: 50 candidate titles, answer one of them. */
  static List<SftExample> examples(int n, Random random) {
    List<SftExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> candidates = new ArrayList<>();
      for (int c = 0; c < 50; c++) {
        candidates.add(title(random));
      }
      String prompt =
          "### Instruction:\nThe user has watched the following movies: "
              + title(random)
              + ", "
              + title(random)
              + ", "
              + title(random)
              + ". Recommend one movie from the candidates.\n\n### Input:\n"
              + String.join(", ", candidates)
              + "\n\n### Response:\n";
      out.add(new SftExample(prompt, candidates.get(random.nextInt(candidates.size()))));
    }
    return out;
  }

  private static String title(Random r) {
    return NOUNS[r.nextInt(NOUNS.length)]
        + " of the "
        + ADJECTIVES[r.nextInt(ADJECTIVES.length)]
        + " "
        + NOUNS[r.nextInt(NOUNS.length)]
        + NUMERALS[r.nextInt(NUMERALS.length)];
  }
}
