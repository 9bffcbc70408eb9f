package io.palr.bench.llm;

import io.palr.api.Candidate;
import io.palr.api.Item;
import io.palr.api.PromptContext;
import io.palr.api.PromptTask;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.LikelihoodRanker;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.Generation;
import io.palr.llm.engine.EngineSettings;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.load.MemoryEstimate;
import io.palr.llm.load.MemoryReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The large-model path end to end: loads a (e.g. LLaMA-7B-shaped) checkpoint, scores a PALR
 * prompt's candidates by likelihood through palr-core's {@link LikelihoodRanker}, greedy-decodes a
 * few tokens of the same prompt, and reports load time, peak resident memory against the estimate,
 * time to first token, steady decode speed and seconds per candidate list. A benchmark, not a test:
 * make the checkpoint with {@code scripts/random-llama.py} (see docs/llm-runtime.md).
 *
 * <pre>
 * LlmScaleBenchmark --model DIR [--threads N] [--candidates 20] [--history 10] [--decode 16]
 *                   [--lists 1] [--context 1024] [--device cpu|gpu]
 * </pre>
 */
public final class LlmScaleBenchmark {
  private static final String[] TITLES = {
    "Toy Story (1995)",
    "Heat (1995)",
    "GoldenEye (1995)",
    "Casino (1995)",
    "Twelve Monkeys (1995)",
    "Braveheart (1995)",
    "Apollo 13 (1995)",
    "Batman Forever (1995)",
    "Clueless (1995)",
    "Seven (Se7en) (1995)",
    "The Usual Suspects (1995)",
    "Babe (1995)",
    "Jumanji (1995)",
    "Sabrina (1995)",
    "Sudden Death (1995)",
    "Balto (1995)",
    "Nixon (1995)",
    "Cutthroat Island (1995)",
    "Sense and Sensibility (1995)",
    "Four Rooms (1995)",
    "Money Train (1995)",
    "Assassins (1995)",
    "Powder (1995)",
    "Leaving Las Vegas (1995)",
    "Othello (1995)",
    "Now and Then (1995)",
    "Persuasion (1995)",
    "Dangerous Minds (1995)",
    "Get Shorty (1995)",
    "Copycat (1995)",
    "Waiting to Exhale (1995)",
    "Tom and Huck (1995)",
    "Dead Man Walking (1995)",
    "Mortal Kombat (1995)",
    "Pocahontas (1995)",
    "Crimson Tide (1995)"
  };

  private LlmScaleBenchmark() {}

  /**
   * Entry point.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) throws IOException {
    EngineSettings.configure();
    Path model = null;
    int candidates = 20;
    int history = 10;
    int decode = 16;
    int lists = 1;
    int context = 1024;
    ai.djl.Device device = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--model" -> model = Path.of(v);
        case "--threads" -> EngineSettings.threads(Integer.parseInt(v));
        case "--candidates" -> candidates = Integer.parseInt(v);
        case "--history" -> history = Integer.parseInt(v);
        case "--decode" -> decode = Integer.parseInt(v);
        case "--lists" -> lists = Integer.parseInt(v);
        case "--context" -> context = Integer.parseInt(v);
        case "--device" -> device = ai.djl.Device.fromName(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required");
    }
    if (history + candidates > TITLES.length) {
      throw new IllegalArgumentException(
          "--history plus --candidates must be at most " + TITLES.length);
    }
    long t0 = System.nanoTime();
    LoadOptions options =
        LoadOptions.defaults()
            .withDevice(device)
            .withKvReservation(LlamaLanguageModel.DEFAULT_BATCH, context);
    try (LlamaLanguageModel lm = LlamaLanguageModel.open(model, null, options)) {
      double load = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "model %s: %s, %,d parameters as %s; engine threads %d%n",
          model,
          lm.model().config(),
          lm.model().config().parameterCount(),
          lm.model().dataType(),
          ai.djl.pytorch.jni.JniUtils.getNumThreads());
      System.out.printf(
          Locale.ROOT, "load %.2f s; after load: %s%n", load, lm.memory(0).describe());

      List<Item> seen = new ArrayList<>();
      for (int i = 0; i < history; i++) {
        seen.add(Item.of("h" + i, TITLES[i]));
      }
      List<Candidate> cands = new ArrayList<>();
      for (int i = 0; i < candidates; i++) {
        cands.add(new Candidate(Item.of("c" + i, TITLES[history + i]), candidates - i, "bench"));
      }
      UserHistory user = UserHistory.of("u1", seen);
      UserProfile profile = UserProfile.empty("bench");
      PalrPromptTemplate template =
          PalrPromptTemplate.builder(Domain.MOVIES)
              .tokenCounter(lm::countTokens)
              .maxPromptTokens(context - 64)
              .build();
      RankingRequest request = new RankingRequest(user, profile, cands, 10);
      LikelihoodRanker ranker =
          new LikelihoodRanker(lm, template, LikelihoodRanker.Normalization.SUM);
      String prompt =
          template
              .renderDetailed(
                  new PromptContext(PromptTask.RECOMMEND_RETRIEVAL, user, profile, cands, 10))
              .prompt()
              .text();
      int promptTokens = lm.countTokens(prompt) + 1;
      double bestList = Double.MAX_VALUE;
      for (int l = 0; l < lists; l++) {
        long s0 = System.nanoTime();
        RankingResult ranked = ranker.rank(request);
        double secs = (System.nanoTime() - s0) / 1e9;
        bestList = Math.min(bestList, secs);
        System.out.printf(
            Locale.ROOT,
            "candidate list %d: %d candidates scored in %.2f s (prompt %d tokens); top %s%n",
            l + 1,
            candidates,
            secs,
            promptTokens,
            ranked.ranked().isEmpty() ? "-" : ranked.ranked().get(0).item().title());
      }
      int positions = Math.min(lm.contextLength(), promptTokens + decode);
      MemoryReport afterScoring =
          lm.memory(
              lm.kvCacheBytes(Math.min(candidates, LlamaLanguageModel.DEFAULT_BATCH), positions));
      System.out.println("after scoring: " + afterScoring.describe());

      long[] first = {0};
      long g0 = System.nanoTime();
      Generation g =
          lm.generate(
                  List.of(prompt),
                  DecodeSettings.greedy(decode, java.util.Set.of()),
                  (row, token, delta) -> {
                    if (first[0] == 0) {
                      first[0] = System.nanoTime();
                    }
                  })
              .get(0);
      long g1 = System.nanoTime();
      int n = g.tokens().length;
      double ttft = (first[0] - g0) / 1e9;
      double steady = n < 2 ? Double.NaN : (n - 1) / ((g1 - first[0]) / 1e9);
      MemoryReport end = lm.memory(lm.kvCacheBytes(1, positions));
      MemoryEstimate estimate = lm.estimate(LlamaLanguageModel.DEFAULT_BATCH, context);
      System.out.printf(
          Locale.ROOT,
          "greedy %d tokens: time to first token %.2f s (prefill of %d tokens), steady decode %.3f"
              + " tokens/s%n",
          n,
          ttft,
          promptTokens,
          steady);
      System.out.println("after decoding: " + end.describe());
      System.out.println(
          "estimate at load (batch 8, context " + context + "): " + estimate.describe());
      System.out.printf(
          Locale.ROOT,
          "RESULT load %.1f s | peak RSS %s (%.2fx the weights; estimate %s, %+.0f%%) | time to"
              + " first token %.1f s | steady decode %.3f tokens/s | %.1f s per %d-candidate list%n",
          load,
          MemoryEstimate.size(end.peakResident()),
          end.peakOverWeights(),
          MemoryEstimate.size(estimate.total()),
          100.0 * (estimate.total() - end.peakResident()) / end.peakResident(),
          ttft,
          steady,
          lists > 0 ? bestList : Double.NaN,
          candidates);
    }
  }
}
