package io.palr.eval.soak;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.palr.api.Item;
import io.palr.api.RankedItem;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.core.pipeline.Palr;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.synthetic.SyntheticDataset;
import io.palr.llm.LlamaLanguageModel;
import io.palr.llm.finetune.ScratchModels;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.tokenizer.WordLevelTokenizer;
import io.palr.retrieval.serving.ScorerRetriever;
import io.palr.retrieval.simple.ItemKnnConfig;
import io.palr.retrieval.simple.ItemKnnScorer;
import io.palr.retrieval.simple.PopularityScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with the in-JVM LLaMA runtime under 16 concurrent callers: every answer is
 * valid, and neither the model's native arrays nor the process's resident memory grow from one
 * round of requests to the next.
 */
@Tag("slow")
class InJvmPipelineSoakTest {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 4;
  private static final int K = 10;

  @Test
  void sixteenCallersGetValidAnswersAndNativeMemoryStaysFlat() throws Exception {
    InteractionDataset data = SyntheticDataset.generate(SyntheticDataset.Config.small());
    LeaveOneOutSplit split = LeaveOneOutSplit.of(data);
    List<int[]> train = new ArrayList<>();
    for (int u = 0; u < split.numUsers(); u++) {
      train.add(split.train(u));
    }
    ScorerRetriever retriever =
        new ScorerRetriever(
            "itemknn",
            ItemKnnScorer.fit(data.numItems(), train, ItemKnnConfig.defaults()),
            data.catalog(),
            PopularityScorer.fit(data.numItems(), train),
            true);

    List<String> corpus = new ArrayList<>();
    corpus.add(PalrPromptTemplate.ALPACA_HEADER);
    corpus.add(
        "The user has watched the following movies. Recommend movies from the candidates, one per line.");
    for (Item it : data.catalog().items()) {
      corpus.add(
          it.title() + " " + it.id() + " " + String.join(" ", it.genres()) + " (" + it.id() + ")");
    }
    WordLevelTokenizer tokenizer = WordLevelTokenizer.train(corpus, 1);
    LlamaModel model =
        ScratchModels.random(
            ScratchModels.demoConfig(tokenizer.vocabSize(), 1024), 3, Device.cpu());
    try (LlamaLanguageModel lm = new LlamaLanguageModel("soak", model, tokenizer, 8)) {
      PalrPromptTemplate template =
          PalrPromptTemplate.builder(Domain.MOVIES).budgetFor(lm, 64).build();
      try (Palr palr =
          Palr.builder()
              .retriever(retriever)
              .ranker(RankerKind.LIKELIHOOD, lm, template)
              .numCandidates(20)
              .build()) {
        round(palr, split, 0); // warm-up: JIT, allocator pools, lazily built tables
        round(palr, split, 1);
        int arraysBefore = model.manager().getManagedArrays().size();
        long offHeapBefore = offHeapKb();
        List<Long> offHeap = new ArrayList<>();
        for (int r = 2; r <= 5; r++) {
          round(palr, split, r);
          offHeap.add(offHeapKb());
        }
        int arraysAfter = model.manager().getManagedArrays().size();
        assertThat(arraysAfter).as("native arrays owned by the model").isEqualTo(arraysBefore);
        if (offHeapBefore > 0) {
          // RSS minus the committed Java heap: what native allocations (PyTorch) hold. A leak of
          // the per-request
          // tensors (prompt caches of ~MBs each) would add hundreds of MB over these 256 requests.
          assertThat(offHeap.get(offHeap.size() - 1) - offHeapBefore)
              .as(
                  "off-heap RSS growth over 4 rounds of %d requests (KiB); per round %s from %d",
                  THREADS * PER_THREAD, offHeap, offHeapBefore)
              .isLessThan(64 * 1024);
        }
      }
    }
  }

  private static void round(Palr palr, LeaveOneOutSplit split, int round) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_THREAD; i++) {
                    int u = (round * 97 + thread * PER_THREAD + i) % split.numUsers();
                    UserHistory history =
                        InteractionDataset.toHistory(
                            split.userId(u), split.train(u), split.catalog());
                    check(palr.recommend(history, K), history, split);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void check(Recommendation rec, UserHistory history, LeaveOneOutSplit split) {
    assertThat(rec.items()).hasSize(K);
    Set<String> seen = new HashSet<>();
    Set<String> historyIds = new HashSet<>();
    history.items().forEach(it -> historyIds.add(it.id()));
    for (RankedItem ri : rec.items()) {
      assertThat(split.catalog().contains(ri.item().id())).isTrue();
      assertThat(seen.add(ri.item().id())).as("duplicate %s", ri.item().id()).isTrue();
      assertThat(historyIds).doesNotContain(ri.item().id());
    }
  }

  private static long offHeapKb() throws IOException {
    System.gc();
    long rss = rssKb();
    return rss < 0 ? -1 : rss - Runtime.getRuntime().totalMemory() / 1024;
  }

  private static long rssKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
