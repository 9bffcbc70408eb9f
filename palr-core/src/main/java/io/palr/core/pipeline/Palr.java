package io.palr.core.pipeline;

import com.google.common.base.Ticker;
import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.LlmRanker;
import io.palr.api.ProfileGenerator;
import io.palr.api.PromptTemplate;
import io.palr.api.Provenance;
import io.palr.api.RankedItem;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.Recommender;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import io.palr.api.llm.LanguageModel;
import io.palr.core.explain.Explanations;
import io.palr.core.metrics.FallbackReason;
import io.palr.core.metrics.InMemoryPalrMetrics;
import io.palr.core.metrics.PalrMetrics;
import io.palr.core.metrics.RequestOutcome;
import io.palr.core.profile.AttributeProfileGenerator;
import io.palr.core.rank.RankerKind;
import io.palr.data.Catalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PALR pipeline: profile, retrieve, rank. For each request it retrieves candidates (default
 * 50), has the LLM ranker order them within a per-request latency budget, and returns exactly
 * {@code k} items whenever the retriever offers that many:
 *
 * <ul>
 *   <li>LLM ranked ({@link RankingStatus#LLM_RANKED}): the ranker's items first, a short list
 *       back-filled in retriever order ({@link RankedItem#llmRanked()} false for those);
 *   <li>fallback ({@link RankingStatus#FALLBACK_RETRIEVER_ORDER}): the ranker threw, timed out, was
 *       overloaded or produced no candidate; the provenance says which;
 *   <li>no ranker configured ({@link RankingStatus#RETRIEVER_ONLY});
 *   <li>cold start ({@link RankingStatus#COLD_START}): an empty history, or one whose items are all
 *       unknown to the catalogue, is answered by the retriever (which handles empty histories, e.g.
 *       by popularity).
 * </ul>
 *
 * <p>The profile and ranking stages run on a bounded executor; the caller waits at most the
 * remaining latency budget, after which the task is cancelled (interrupted) and the caller gets
 * retriever order. Every request is reported to {@link PalrMetrics}. Thread-safe; {@link #close()}
 * shuts down the executor if the pipeline created it.
 */
public final class Palr implements Recommender, AutoCloseable {
  /** Users per retrieval call in {@link #recommendAll} unless configured. */
  public static final int DEFAULT_RETRIEVAL_BATCH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(Palr.class);

  private final String name;
  private final CandidateRetriever retriever;
  private final ProfileGenerator profiles;
  private final LlmRanker ranker;
  private final int numCandidates;
  private final long budgetNanos;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final int batchParallelism;
  private final int retrievalBatchSize;
  private final Catalog catalog;
  private final PalrMetrics metrics;
  private final Ticker ticker;
  private final Explanations explanations;

  private Palr(Builder b) {
    this.retriever = Objects.requireNonNull(b.retriever, "a retriever is required");
    this.profiles = b.profiles == null ? new AttributeProfileGenerator() : b.profiles;
    this.ranker = b.ranker;
    this.numCandidates = b.numCandidates;
    this.budgetNanos = b.latencyBudget.toNanos();
    this.ticker = b.ticker;
    this.catalog = b.catalog;
    this.metrics = b.metrics == null ? new InMemoryPalrMetrics() : b.metrics;
    this.explanations = b.explanations;
    this.name =
        b.name != null
            ? b.name
            : "palr[" + retriever.name() + (ranker == null ? "" : " > " + ranker.name()) + "]";
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownsExecutor = false;
    } else {
      this.executor =
          new ThreadPoolExecutor(
              b.rankerThreads,
              b.rankerThreads,
              30,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(b.queueCapacity),
              daemonThreads("palr-ranker"),
              new ThreadPoolExecutor.AbortPolicy());
      ((ThreadPoolExecutor) this.executor).allowCoreThreadTimeOut(true);
      this.ownsExecutor = true;
    }
    this.batchParallelism = b.batchParallelism > 0 ? b.batchParallelism : b.rankerThreads;
    this.retrievalBatchSize = b.retrievalBatchSize;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** The metrics every request is reported to. */
  public PalrMetrics metrics() {
    return metrics;
  }

  /**
   * The top {@code k} items for the user.
   *
   * @throws IllegalArgumentException if {@code k < 1}
   * @throws IllegalStateException if the retriever fails (there is nothing to fall back to)
   * @throws RankingException if the retriever breaks its contract by returning null; null elements
   *     are dropped and noted in the provenance
   */
  @Override
  public Recommendation recommend(UserHistory history, int k) {
    Objects.requireNonNull(history, "history");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    long start = ticker.read();
    UserHistory known = knownItems(history);
    return complete(history, known, retrieve(known, Math.max(numCandidates, k)), k, start);
  }

  /** The stages after retrieval: cold start, retriever order, or the LLM ranking with fallbacks. */
  private Recommendation complete(
      UserHistory history, UserHistory known, Retrieved retrieved, int k, long start) {
    int unknown = history.size() - known.size();
    Notes notes = new Notes();
    List<Candidate> candidates = retrieved.candidates();
    if (retrieved.nulls() > 0) {
      notes.add(
          "retriever '"
              + retriever.name()
              + "' returned "
              + retrieved.nulls()
              + " null candidate"
              + (retrieved.nulls() == 1 ? "" : "s")
              + ", dropped");
    }
    if (unknown > 0) {
      notes.add(
          unknown + " of " + history.size() + " history items unknown to the catalogue, ignored");
    }

    if (known.isEmpty()) {
      notes.add(
          history.isEmpty()
              ? "cold start: empty history"
              : "cold start: no known item in the history");
      return finish(
          history,
          k,
          start,
          RankingStatus.COLD_START,
          Optional.empty(),
          List.of(),
          candidates,
          UserProfile.empty(profiles.name()),
          0,
          0,
          notes);
    }
    if (ranker == null) {
      return finish(
          history,
          k,
          start,
          RankingStatus.RETRIEVER_ONLY,
          Optional.empty(),
          List.of(),
          candidates,
          UserProfile.empty(profiles.name()),
          0,
          0,
          notes);
    }
    if (candidates.isEmpty()) {
      notes.add("the retriever returned no candidates");
      return fallback(history, k, start, FallbackReason.NO_CANDIDATES, candidates, notes);
    }

    Future<Stage> future;
    try {
      future =
          executor.submit(
              () -> {
                UserProfile profile = profiles.profile(known);
                return new Stage(
                    profile,
                    ranker.rank(
                        new RankingRequest(
                            known, profile, candidates, Math.min(k, candidates.size()))));
              });
    } catch (RejectedExecutionException e) {
      notes.add("ranker overloaded: executor queue full");
      return fallback(history, k, start, FallbackReason.OVERLOADED, candidates, notes);
    }
    Stage stage;
    try {
      long remaining = budgetNanos - (ticker.read() - start);
      stage = future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      if (ticker.read() - start > budgetNanos) {
        throw new TimeoutException(); // answered, but too late to use
      }
    } catch (TimeoutException e) {
      future.cancel(true);
      notes.add(
          "ranker exceeded the latency budget of "
              + TimeUnit.NANOSECONDS.toMillis(budgetNanos)
              + " ms");
      return fallback(history, k, start, FallbackReason.TIMEOUT, candidates, notes);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      notes.add("interrupted while waiting for the ranker");
      return fallback(history, k, start, FallbackReason.RANKER_ERROR, candidates, notes);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.debug("ranker {} failed for user {}", ranker.name(), history.userId(), cause);
      notes.add("ranker failed: " + cause);
      return fallback(history, k, start, FallbackReason.RANKER_ERROR, candidates, notes);
    }

    RankingResult result = stage.result();
    notes.add(result.detail());
    Map<String, Candidate> byId = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byId.putIfAbsent(c.item().id(), c);
    }
    List<Candidate> ranked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int outside = 0;
    for (Candidate c : result.ranked()) {
      Candidate mine = byId.get(c.item().id());
      if (mine == null) {
        outside++; // a ranker broke its contract; never let a non-candidate out
      } else if (seen.add(c.item().id()) && ranked.size() < k) {
        ranked.add(mine);
      }
    }
    int hallucinations = result.hallucinations() + outside;
    if (outside > 0) {
      notes.add(outside + " non-candidate items from the ranker dropped");
    }
    if (ranked.isEmpty()) {
      notes.add(
          "unusable LLM output ("
              + hallucinations
              + " hallucinations, "
              + result.parseFailures()
              + " parse failures)");
      return finish(
          history,
          k,
          start,
          RankingStatus.FALLBACK_RETRIEVER_ORDER,
          Optional.of(FallbackReason.UNUSABLE_OUTPUT),
          List.of(),
          candidates,
          stage.profile(),
          hallucinations,
          result.parseFailures(),
          notes);
    }
    return finish(
        history,
        k,
        start,
        RankingStatus.LLM_RANKED,
        Optional.empty(),
        ranked,
        candidates,
        stage.profile(),
        hallucinations,
        result.parseFailures(),
        notes);
  }

  /**
   * Recommendations for many users, in input order. Candidates are retrieved in batches of {@link
   * Builder#retrievalBatchSize} consecutive users through {@link CandidateRetriever#retrieveAll}
   * (one model call per batch); the profile and ranking stages then run per user on at most {@code
   * batchParallelism} threads (default: the number of ranker threads, so that batch scoring never
   * overflows the ranker queue). A user's latency counts from the start of its retrieval batch.
   */
  @Override
  public List<Recommendation> recommendAll(List<UserHistory> histories, int k) {
    Objects.requireNonNull(histories, "histories");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1: " + k);
    }
    List<Recommendation> out = new ArrayList<>(histories.size());
    ExecutorService pool =
        ranker == null || batchParallelism <= 1 || histories.size() <= 1
            ? null
            : Executors.newFixedThreadPool(
                Math.min(batchParallelism, Math.min(retrievalBatchSize, histories.size())),
                daemonThreads("palr-batch"));
    try {
      for (int from = 0; from < histories.size(); from += retrievalBatchSize) {
        List<UserHistory> batch =
            histories.subList(from, Math.min(histories.size(), from + retrievalBatchSize));
        long start = ticker.read();
        List<UserHistory> known = new ArrayList<>(batch.size());
        for (UserHistory h : batch) {
          known.add(knownItems(Objects.requireNonNull(h, "history")));
        }
        List<Retrieved> candidates = retrieveAll(known, Math.max(numCandidates, k));
        if (pool == null) {
          for (int i = 0; i < batch.size(); i++) {
            out.add(complete(batch.get(i), known.get(i), candidates.get(i), k, start));
          }
          continue;
        }
        List<Future<Recommendation>> futures = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          int u = i;
          futures.add(
              pool.submit(() -> complete(batch.get(u), known.get(u), candidates.get(u), k, start)));
        }
        for (Future<Recommendation> f : futures) {
          out.add(f.get());
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during batch recommendation", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("batch recommendation failed", e.getCause());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** Shuts down the ranker executor if this pipeline created it. Idempotent. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  private UserHistory knownItems(UserHistory history) {
    if (catalog == null) {
      return history;
    }
    List<Item> known = new ArrayList<>(history.size());
    for (Item it : history.items()) {
      if (catalog.contains(it.id())) {
        known.add(it);
      }
    }
    return known.size() == history.size() ? history : UserHistory.of(history.userId(), known);
  }

  private Retrieved retrieve(UserHistory history, int n) {
    List<Candidate> raw;
    try {
      raw = retriever.retrieve(history, n);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "retriever '"
              + retriever.name()
              + "' failed for user "
              + history.userId()
              + ": "
              + e.getMessage(),
          e);
    }
    if (raw == null) {
      throw new RankingException(
          "retriever '"
              + retriever.name()
              + "' returned null for user "
              + history.userId()
              + " (a CandidateRetriever returns a list, empty when it has nothing)");
    }
    return distinct(raw);
  }

  private List<Retrieved> retrieveAll(List<UserHistory> histories, int n) {
    List<List<Candidate>> raw;
    try {
      raw = retriever.retrieveAll(histories, n);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "retriever '"
              + retriever.name()
              + "' failed for a batch of "
              + histories.size()
              + " users from user "
              + histories.get(0).userId()
              + ": "
              + e.getMessage(),
          e);
    }
    if (raw == null || raw.size() != histories.size()) {
      throw new RankingException(
          "retriever '"
              + retriever.name()
              + "' returned "
              + (raw == null ? "null" : raw.size() + " lists")
              + " for a batch of "
              + histories.size()
              + " users");
    }
    List<Retrieved> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      List<Candidate> list = raw.get(i);
      if (list == null) {
        throw new RankingException(
            "retriever '"
                + retriever.name()
                + "' returned null for user "
                + histories.get(i).userId()
                + " (a CandidateRetriever returns a list, empty when it has nothing)");
      }
      out.add(distinct(list));
    }
    return out;
  }

  /** The candidates of one user, and how many null elements the retriever returned. */
  private record Retrieved(List<Candidate> candidates, int nulls) {}

  private static Retrieved distinct(List<Candidate> raw) {
    Set<String> seen = new HashSet<>();
    List<Candidate> out = new ArrayList<>(raw.size());
    int nulls = 0;
    for (Candidate c : raw) {
      if (c == null) {
        nulls++;
      } else if (seen.add(c.item().id())) {
        out.add(c);
      }
    }
    return new Retrieved(out, nulls);
  }

  private Recommendation fallback(
      UserHistory history,
      int k,
      long start,
      FallbackReason reason,
      List<Candidate> candidates,
      Notes notes) {
    return finish(
        history,
        k,
        start,
        RankingStatus.FALLBACK_RETRIEVER_ORDER,
        Optional.of(reason),
        List.of(),
        candidates,
        UserProfile.empty(profiles.name()),
        0,
        0,
        notes);
  }

  private Recommendation finish(
      UserHistory history,
      int k,
      long start,
      RankingStatus status,
      Optional<FallbackReason> reason,
      List<Candidate> llmRanked,
      List<Candidate> candidates,
      UserProfile profile,
      int hallucinations,
      int parseFailures,
      Notes notes) {
    List<RankedItem> items = new ArrayList<>(k);
    Set<String> used = new HashSet<>();
    for (Candidate c : llmRanked) {
      if (items.size() < k && used.add(c.item().id())) {
        items.add(new RankedItem(c.item(), items.size() + 1, c.score(), c.source(), true));
      }
    }
    int llmCount = items.size();
    for (Candidate c : candidates) {
      if (items.size() >= k) {
        break;
      }
      if (used.add(c.item().id())) {
        items.add(new RankedItem(c.item(), items.size() + 1, c.score(), c.source(), false));
      }
    }
    int backfilled = status == RankingStatus.LLM_RANKED ? items.size() - llmCount : 0;
    if (backfilled > 0) {
      notes.add(backfilled + " of " + items.size() + " positions back-filled in retriever order");
    }
    if (items.size() < k) {
      notes.add("only " + items.size() + " candidates available for k=" + k);
    }
    Duration latency = Duration.ofNanos(ticker.read() - start);
    metrics.record(
        new RequestOutcome(
            status, reason, llmCount, backfilled, hallucinations, parseFailures, latency));
    Provenance provenance =
        new Provenance(
            retriever.name(),
            ranker == null ? "none" : ranker.name(),
            status,
            notes.toString(),
            profile,
            hallucinations,
            latency);
    Recommendation recommendation = new Recommendation(history.userId(), items, provenance);
    return explanations == null ? recommendation : explain(history, recommendation);
  }

  /** The recommendation with explanations; unchanged (without them) if the stage fails. */
  private Recommendation explain(UserHistory history, Recommendation recommendation) {
    try {
      return explanations.explain(history, recommendation);
    } catch (RuntimeException e) {
      LOG.warn("explanations failed for user {}", history.userId(), e);
      return recommendation;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private record Stage(UserProfile profile, RankingResult result) {}

  private static final class Notes {
    private final StringBuilder sb = new StringBuilder();

    void add(String note) {
      if (note != null && !note.isBlank()) {
        sb.append(sb.length() == 0 ? "" : "; ").append(note);
      }
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }

  /** Builder of {@link Palr}; not thread-safe. Only the retriever is required. */
  public static final class Builder {
    private CandidateRetriever retriever;
    private ProfileGenerator profiles;
    private LlmRanker ranker;
    private int numCandidates = 50;
    private Duration latencyBudget = Duration.ofSeconds(30);
    private ExecutorService executor;
    private int rankerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int queueCapacity = 256;
    private int batchParallelism;
    private int retrievalBatchSize = DEFAULT_RETRIEVAL_BATCH;
    private Catalog catalog;
    private PalrMetrics metrics;
    private String name;
    private Explanations explanations;

    private Ticker ticker = Ticker.systemTicker();

    private Builder() {}

    /** The candidate retriever (required). */
    public Builder retriever(CandidateRetriever retriever) {
      this.retriever = Objects.requireNonNull(retriever, "retriever");
      return this;
    }

    /** The profile generator (default {@link AttributeProfileGenerator}). */
    public Builder profileGenerator(ProfileGenerator profiles) {
      this.profiles = Objects.requireNonNull(profiles, "profiles");
      return this;
    }

    /**
     * The LLM ranker; without one the pipeline returns retriever order ({@link
     * RankingStatus#RETRIEVER_ONLY}).
     */
    public Builder ranker(LlmRanker ranker) {
      this.ranker = Objects.requireNonNull(ranker, "ranker");
      return this;
    }

    /**
     * A ranker of the given kind over a model and template.
     *
     * @throws UnsupportedOperationException if the model lacks the capability the kind needs
     */
    public Builder ranker(RankerKind kind, LanguageModel model, PromptTemplate template) {
      return ranker(kind.create(model, template));
    }

    /**
     * How many candidates to retrieve for the ranker (default 50; at least {@code k} are always
     * retrieved).
     */
    public Builder numCandidates(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("numCandidates must be >= 1: " + n);
      }
      this.numCandidates = n;
      return this;
    }

    /** The most a request may take before falling back to retriever order (default 30 s). */
    public Builder latencyBudget(Duration budget) {
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("latency budget must be positive: " + budget);
      }
      this.latencyBudget = budget;
      return this;
    }

    /**
     * An executor for the profile and ranking stages, owned by the caller (default: a bounded
     * pool).
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Threads of the default ranker pool (default: available processors). */
    public Builder rankerThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("rankerThreads must be >= 1: " + n);
      }
      this.rankerThreads = n;
      return this;
    }

    /** Waiting requests the default ranker pool holds before rejecting (default 256). */
    public Builder queueCapacity(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("queueCapacity must be >= 1: " + n);
      }
      this.queueCapacity = n;
      return this;
    }

    /** Threads used by {@link #recommendAll} (default: the ranker threads). */
    public Builder batchParallelism(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("batchParallelism must be >= 1: " + n);
      }
      this.batchParallelism = n;
      return this;
    }

    /**
     * Users per {@link CandidateRetriever#retrieveAll} call in {@link #recommendAll} (default
     * {@value Palr#DEFAULT_RETRIEVAL_BATCH}).
     */
    public Builder retrievalBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("retrievalBatchSize must be >= 1: " + n);
      }
      this.retrievalBatchSize = n;
      return this;
    }

    /**
     * The catalogue; history items not in it are ignored (and a history of only such items is a
     * cold start).
     */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Where request outcomes go (default a new {@link InMemoryPalrMetrics}). */
    public Builder metrics(PalrMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The clock that measures the latency budget and the latency in provenance (default the
     * system's); a fake one makes budget behaviour testable without sleeping.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Explain every recommended item ({@link RankedItem#explanation()}); off by default. The
     * explanations are made after the items are chosen and never change them.
     */
    public Builder explanations(Explanations explanations) {
      this.explanations = Objects.requireNonNull(explanations, "explanations");
      return this;
    }

    /** The name used in reports (default derived from the stages). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Builds the pipeline. */
    public Palr build() {
      return new Palr(this);
    }
  }
}
