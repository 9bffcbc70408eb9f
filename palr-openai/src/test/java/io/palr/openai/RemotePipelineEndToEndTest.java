package io.palr.openai;

import static io.palr.openai.FakeOpenAiServer.garbage;
import static io.palr.openai.FakeOpenAiServer.slow;
import static io.palr.openai.FakeOpenAiServer.status;
import static io.palr.openai.FakeOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.RankedItem;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.core.pipeline.Palr;
import io.palr.core.profile.LlmProfileGenerator;
import io.palr.core.prompt.Domain;
import io.palr.core.prompt.PalrPromptTemplate;
import io.palr.core.rank.RankerKind;
import io.palr.openai.FakeOpenAiServer.Action;
import io.palr.openai.FakeOpenAiServer.RecordedRequest;
import io.palr.openai.resilience.CircuitBreakerConfig;
import io.palr.openai.resilience.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole PALR pipeline (LLM profile, retrieval, generative ranking) over the remote model,
 * against a server that misbehaves for some users: every recommendation must still be valid, and
 * fallbacks must be marked in provenance.
 */
@Tag("slow")
class RemotePipelineEndToEndTest {

  private static final int THREADS = 16;
  private static final int REQUESTS_PER_THREAD = 6;
  private static final int K = 5;
  private static final List<Item> MOVIES =
      IntStream.range(0, 40).mapToObj(i -> Item.of("m" + i, "Movie Number " + i)).toList();

  /** How the fake server treats a user, chosen by a marker item in the user's history. */
  enum Behaviour {
    GOOD,
    FLAKY,
    GARBAGE,
    SLOW,
    HALLUCINATING;

    Item marker() {
      return Item.of("marker-" + name(), "Marker " + name());
    }
  }

  /** Returns the catalogue minus the history, best first: "popularity". */
  static final class ListRetriever implements CandidateRetriever {
    @Override
    public String name() {
      return "popularity";
    }

    @Override
    public List<Candidate> retrieve(UserHistory history, int k) {
      Set<String> seen = new HashSet<>();
      history.items().forEach(i -> seen.add(i.id()));
      List<Candidate> out = new ArrayList<>();
      for (Item it : MOVIES) {
        if (out.size() < k && !seen.contains(it.id())) {
          out.add(new Candidate(it, MOVIES.size() - out.size(), name()));
        }
      }
      return out;
    }
  }

  private static UserHistory history(int user) {
    Behaviour b = Behaviour.values()[user % Behaviour.values().length];
    List<Item> items = new ArrayList<>();
    items.add(b.marker());
    items.add(MOVIES.get(user % 7));
    items.add(MOVIES.get(10 + user % 5));
    return UserHistory.of("u" + user, items);
  }

  /** The candidate lines of a ranking prompt, in prompt order. */
  private static List<String> candidateLines(String prompt) {
    int at = prompt.indexOf("\nCandidates:");
    int end = prompt.indexOf("\n\n### Response:");
    List<String> lines = new ArrayList<>();
    for (String line : prompt.substring(at + "\nCandidates:".length(), end).split("\n", -1)) {
      if (line.startsWith("- ")) {
        lines.add(line.substring(2));
      }
    }
    return lines;
  }

  /**
   * The fake LLM: profiles are keywords, rankings are the candidates in reverse, faults by marker.
   */
  private static Action answer(RecordedRequest r, Map<String, AtomicInteger> attempts) {
    String prompt = r.json().get("prompt").asText();
    Behaviour b = null;
    for (Behaviour candidate : Behaviour.values()) {
      if (prompt.contains(candidate.marker().title())) {
        b = candidate;
      }
    }
    int attempt = attempts.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
    switch (b) {
      case GARBAGE -> {
        return garbage();
      }
      case SLOW -> {
        if (prompt.contains("\nCandidates:")) {
          return slow(Duration.ofSeconds(6), text("too late"));
        }
      }
      case FLAKY -> {
        if (attempt == 1) {
          return status(503, "{\"error\":\"warming up\"}");
        }
      }
      default -> {}
    }
    if (!prompt.contains("\nCandidates:")) {
      return text("science fiction, thrillers, 1990s");
    }
    List<String> reversed = new ArrayList<>(candidateLines(prompt));
    java.util.Collections.reverse(reversed);
    if (b == Behaviour.HALLUCINATING) {
      reversed.add(0, "A Movie That Does Not Exist");
    }
    return text(String.join("\n", reversed) + "\n### Instruction: more");
  }

  @Test
  @Timeout(60)
  void everyRecommendationIsValidAndFallbacksAreMarked() throws Exception {
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      server.fallback(r -> answer(r, attempts));
      OpenAiLanguageModel model =
          OpenAiLanguageModel.create(
              TestSupport.config(server)
                  .requestTimeout(Duration.ofMillis(2500))
                  .acquireTimeout(Duration.ofSeconds(20))
                  .maxConcurrency(16)
                  .retryPolicy(TestSupport.fastRetries(3))
                  .circuitBreaker(new CircuitBreakerConfig(10_000, Duration.ofSeconds(1), 1))
                  .continuationScoring(CapabilitySetting.DISABLED)
                  .constrainedChoice(CapabilitySetting.DISABLED)
                  .build());
      PalrPromptTemplate template =
          PalrPromptTemplate.builder(Domain.MOVIES).keepCandidateOrder().build();
      try (model;
          Palr palr =
              Palr.builder()
                  .retriever(new ListRetriever())
                  .profileGenerator(LlmProfileGenerator.builder(model, template).build())
                  .ranker(RankerKind.GENERATIVE, model, template)
                  .numCandidates(12)
                  .rankerThreads(THREADS)
                  .latencyBudget(Duration.ofSeconds(10))
                  .build()) {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger checked = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(
              callers.submit(
                  () -> {
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                      int user = thread * REQUESTS_PER_THREAD + i;
                      try {
                        check(user, palr.recommend(history(user), K));
                        checked.incrementAndGet();
                      } catch (Throwable e) {
                        errors.add(new AssertionError("user " + user + ": " + e, e));
                      }
                    }
                  }));
        }
        for (Future<?> f : futures) {
          f.get(55, TimeUnit.SECONDS);
        }
        callers.shutdown();
        assertThat(errors).isEmpty();
        assertThat(checked.get()).isEqualTo(THREADS * REQUESTS_PER_THREAD);
      }
    }
  }

  private static void check(int user, Recommendation rec) {
    UserHistory history = history(user);
    Behaviour b = Behaviour.values()[user % Behaviour.values().length];
    Set<String> historyIds = new HashSet<>();
    history.items().forEach(i -> historyIds.add(i.id()));
    List<Item> retrieved =
        new ListRetriever().retrieve(history, 12).stream().map(Candidate::item).toList();

    assertThat(rec.userId()).isEqualTo("u" + user);
    assertThat(rec.items()).hasSize(K);
    assertThat(rec.itemList())
        .doesNotHaveDuplicates()
        .allSatisfy(
            item -> {
              assertThat(MOVIES).contains(item);
              assertThat(historyIds).doesNotContain(item.id());
            });
    assertThat(rec.items().stream().map(RankedItem::rank).toList()).containsExactly(1, 2, 3, 4, 5);
    switch (b) {
      case GOOD, FLAKY, HALLUCINATING -> {
        assertThat(rec.provenance().status())
            .as(b + " " + rec.provenance().detail())
            .isEqualTo(RankingStatus.LLM_RANKED);
        List<Item> expected = new ArrayList<>(retrieved);
        java.util.Collections.reverse(expected);
        assertThat(rec.itemList()).containsExactlyElementsOf(expected.subList(0, K));
        assertThat(rec.items()).allSatisfy(ri -> assertThat(ri.llmRanked()).isTrue());
        assertThat(rec.provenance().profile().keywords())
            .as(rec.provenance().toString())
            .contains("science fiction");
        if (b == Behaviour.HALLUCINATING) {
          assertThat(rec.provenance().hallucinations()).isPositive();
        }
      }
      case GARBAGE, SLOW -> {
        assertThat(rec.provenance().status())
            .as(b.name())
            .isEqualTo(RankingStatus.FALLBACK_RETRIEVER_ORDER);
        assertThat(rec.itemList()).containsExactlyElementsOf(retrieved.subList(0, K));
        assertThat(rec.items()).noneSatisfy(ri -> assertThat(ri.llmRanked()).isTrue());
        assertThat(rec.provenance().detail())
            .contains(
                b == Behaviour.GARBAGE ? "not valid JSON" : "no complete response within 2500 ms")
            .doesNotContain(TestSupport.SECRET);
      }
    }
  }

  @Test
  @Timeout(30)
  void likelihoodAndConstrainedRankersRunOverProbedCapabilities() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      // scoring: shorter titles get higher log-likelihood; choice: prefer titles with an even
      // number
      server.fallback(
          r ->
              r.json().has("echo")
                  ? FakeOpenAiServer.echoLogprobs()
                  : FakeOpenAiServer.guidedChoice(o -> o.matches(".*[02468]$")));
      OpenAiLanguageModel model =
          OpenAiLanguageModel.create(
              TestSupport.config(server)
                  .continuationScoring(CapabilitySetting.PROBE)
                  .constrainedChoice(CapabilitySetting.PROBE)
                  .build());
      PalrPromptTemplate template =
          PalrPromptTemplate.builder(Domain.MOVIES).keepCandidateOrder().build();
      UserHistory history = UserHistory.of("u1", List.of(MOVIES.get(0), MOVIES.get(1)));
      try (model;
          Palr likelihood =
              Palr.builder()
                  .retriever(new ListRetriever())
                  .ranker(RankerKind.LIKELIHOOD, model, template)
                  .numCandidates(12)
                  .build();
          Palr constrained =
              Palr.builder()
                  .retriever(new ListRetriever())
                  .ranker(RankerKind.CONSTRAINED, model, template)
                  .numCandidates(12)
                  .build()) {
        Recommendation byLikelihood = likelihood.recommend(history, K);
        Recommendation byChoice = constrained.recommend(history, K);

        assertThat(byLikelihood.provenance().status())
            .as(byLikelihood.provenance().detail())
            .isEqualTo(RankingStatus.LLM_RANKED);
        assertThat(byLikelihood.itemList())
            .hasSize(K)
            .doesNotHaveDuplicates()
            .allSatisfy(i -> assertThat(MOVIES).contains(i));
        assertThat(byChoice.provenance().status())
            .as(byChoice.provenance().detail())
            .isEqualTo(RankingStatus.LLM_RANKED);
        assertThat(byChoice.itemList())
            .hasSize(K)
            .doesNotHaveDuplicates()
            .allSatisfy(i -> assertThat(i.title()).matches(".*[02468]$"));
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.json().has("echo")).isTrue());
        assertThat(server.requests())
            .anySatisfy(r -> assertThat(r.json().has("guided_choice")).isTrue());
      }
    }
  }

  @Test
  @Timeout(30)
  void aDeadServerOpensTheBreakerAndRequestsFallBackFast() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      server.fallback(r -> status(500, "{\"error\":\"down\"}"));
      OpenAiLanguageModel model =
          OpenAiLanguageModel.create(
              TestSupport.config(server)
                  .retryPolicy(RetryPolicy.none())
                  .circuitBreaker(new CircuitBreakerConfig(3, Duration.ofSeconds(30), 1))
                  .continuationScoring(CapabilitySetting.DISABLED)
                  .constrainedChoice(CapabilitySetting.DISABLED)
                  .build());
      PalrPromptTemplate template = PalrPromptTemplate.of(Domain.MOVIES);
      try (model;
          Palr palr =
              Palr.builder()
                  .retriever(new ListRetriever())
                  .ranker(RankerKind.GENERATIVE, model, template)
                  .build()) {
        List<Recommendation> recs = new ArrayList<>();
        for (int user = 0; user < 10; user++) {
          recs.add(palr.recommend(UserHistory.of("u" + user, List.of(MOVIES.get(user))), K));
        }
        assertThat(recs)
            .allSatisfy(
                rec -> {
                  assertThat(rec.items()).hasSize(K);
                  assertThat(rec.provenance().status())
                      .isEqualTo(RankingStatus.FALLBACK_RETRIEVER_ORDER);
                });
        assertThat(server.requestCount()).as("the breaker stopped the traffic").isEqualTo(3);
        assertThat(recs.get(9).provenance().detail()).contains("circuit breaker open");
      }
    }
  }
}
