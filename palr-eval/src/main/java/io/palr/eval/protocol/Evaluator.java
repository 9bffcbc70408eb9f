package io.palr.eval.protocol;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.ProgressListener;
import io.palr.api.Provenance;
import io.palr.api.RankingException;
import io.palr.api.RankingStatus;
import io.palr.api.Recommendation;
import io.palr.api.Recommender;
import io.palr.api.UserHistory;
import io.palr.api.scoring.ItemScorer;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.metrics.InvalidScoreException;
import io.palr.eval.metrics.Metric;
import io.palr.eval.metrics.Ranks;
import io.palr.eval.metrics.TargetRank;
import io.palr.eval.metrics.TiePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leave-one-out evaluation of any system on a {@link LeaveOneOutSplit}: an {@link ItemScorer}
 * (scores every item; full or sampled ranking), a {@link CandidateRetriever} (the target's position
 * in its top-N list) or a {@link Recommender} (the target's position in its top-K recommendation,
 * e.g. the whole PALR pipeline).
 *
 * <p>Users are processed in batches ({@link Builder#batchSize}) on {@link Builder#threads} threads;
 * the system must be safe for concurrent calls when more than one thread is used. Known items (the
 * user's history in the chosen {@link EvaluationMode}) are left out of every ranking, except the
 * target itself. Results do not depend on batch size, thread count or user selection. Score rows
 * returned by a scorer are only read, so a scorer may hand out shared rows.
 *
 * <p>An evaluator is immutable and thread-safe; build one with {@link #builder(LeaveOneOutSplit)}.
 */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  private final LeaveOneOutSplit split;
  private final EvaluationMode mode;
  private final List<Metric> metrics;
  private final TiePolicy tiePolicy;
  private final RankingProtocol protocol;
  private final UserSelection users;
  private final int batchSize;
  private final int threads;
  private final ProgressListener progress;
  private final NegativeSampler sampler;

  private Evaluator(Builder b) {
    this.split = b.split;
    this.mode = b.mode;
    this.metrics = List.copyOf(b.metrics);
    this.tiePolicy = b.tiePolicy;
    this.protocol = b.protocol;
    this.users = b.users;
    this.batchSize = b.batchSize;
    this.threads = b.threads;
    this.progress = b.progress;
    if (protocol instanceof RankingProtocol.Sampled s) {
      this.sampler =
          s.sampling() == NegativeSampling.UNIFORM
              ? NegativeSampler.uniform(split.numItems(), s.seed())
              : NegativeSampler.popularity(split, s.seed());
    } else {
      this.sampler = null;
    }
  }

  /**
   * Starts a builder over a split; defaults: test mode, full ranking, HR/NDCG@{5,10,20} + MRR,
   * pessimistic ties.
   */
  public static Builder builder(LeaveOneOutSplit split) {
    return new Builder(split);
  }

  /** The split evaluated. */
  public LeaveOneOutSplit split() {
    return split;
  }

  /** The evaluation mode. */
  public EvaluationMode mode() {
    return mode;
  }

  /** The configured metrics. */
  public List<Metric> metrics() {
    return metrics;
  }

  /**
   * Evaluates a scorer: each batch of users' histories is scored in one call, and the target is
   * ranked against all non-known items (full protocol) or against sampled negatives (sampled
   * protocol).
   *
   * @param system the name to report
   * @param scorer the model; must score exactly the split's catalogue
   * @throws InvalidScoreException if a score row has the wrong length or a ranked score is NaN
   *     (naming the user)
   */
  public EvaluationResult evaluate(String system, ItemScorer scorer) {
    Objects.requireNonNull(scorer, "scorer");
    if (scorer.numItems() != split.numItems()) {
      throw new IllegalArgumentException(
          "scorer '"
              + system
              + "' scores "
              + scorer.numItems()
              + " items but the catalogue of '"
              + split.dataset().name()
              + "' has "
              + split.numItems());
    }
    String desc = protocol.describe();
    AtomicLong capped = new AtomicLong();
    EvaluationResult result =
        run(
            system,
            desc,
            Metric.NO_CUTOFF,
            (batch, out, offset) -> {
              List<int[]> histories = histories(batch);
              float[][] scores = scorer.scoreAll(histories);
              if (scores == null || scores.length != batch.length) {
                throw new InvalidScoreException(
                    "scorer '"
                        + system
                        + "' returned "
                        + (scores == null ? "null" : scores.length + " rows")
                        + " for a batch of "
                        + batch.length
                        + " users");
              }
              for (int i = 0; i < batch.length; i++) {
                int u = batch[i];
                String userId = split.userId(u);
                float[] row = scores[i];
                if (row == null || row.length != split.numItems()) {
                  throw new InvalidScoreException(
                      "scorer '"
                          + system
                          + "' returned a row of "
                          + (row == null ? "null" : row.length)
                          + " scores for user '"
                          + userId
                          + "', expected "
                          + split.numItems());
                }
                int target = mode.target(split, u);
                TargetRank rank;
                if (sampler == null) {
                  rank = Ranks.full(row, target, histories.get(i), userId);
                } else {
                  int n = ((RankingProtocol.Sampled) protocol).negatives();
                  int[] negatives = sampler.sample(u, target, histories.get(i), n);
                  if (negatives.length < n) {
                    capped.incrementAndGet();
                  }
                  rank = Ranks.sampled(row, target, negatives, userId);
                }
                out[offset + i] = new UserResult(u, userId, target, rank);
              }
            });
    // users whose history leaves fewer than n unseen items get all of them: labelled, not hidden
    return capped.get() == 0
        ? result
        : result.withExtra(
            "capped_negatives_rate", (double) capped.get() / Math.max(1, result.numUsers()));
  }

  /**
   * Evaluates a candidate retriever: the target's position in its top-{@code listSize} list (after
   * dropping any known items and repeats it returns); a target not in the list is a miss. Metrics
   * with a cutoff above {@code listSize} therefore count such targets as misses. Only the full
   * protocol applies: sampled ranking needs per-item scores, so evaluate the retriever's {@link
   * ItemScorer} for that.
   *
   * @throws IllegalStateException if the evaluator uses the sampled protocol
   */
  public EvaluationResult evaluate(CandidateRetriever retriever, int listSize) {
    Objects.requireNonNull(retriever, "retriever");
    Metric.checkPosition(listSize);
    requireFullProtocol("a CandidateRetriever");
    Catalog catalog = split.catalog();
    AtomicLong unknown = new AtomicLong();
    AtomicLong nulls = new AtomicLong();
    EvaluationResult r =
        run(
            retriever.name(),
            "top-" + listSize + " retrieval",
            listSize,
            (batch, out, offset) -> {
              List<int[]> histories = histories(batch);
              List<List<Candidate>> lists =
                  retriever.retrieveAll(toUserHistories(batch, histories), listSize);
              checkSize(lists, batch, retriever.name());
              for (int i = 0; i < batch.length; i++) {
                List<Candidate> list = lists.get(i);
                if (list == null) {
                  throw new RankingException(
                      "retriever '"
                          + retriever.name()
                          + "' returned null for user "
                          + split.userId(batch[i])
                          + " (a CandidateRetriever returns a list, empty when it has nothing)");
                }
                List<Item> items = new ArrayList<>(list.size());
                for (Candidate c : list) {
                  if (c == null) {
                    nulls.incrementAndGet();
                  } else {
                    items.add(c.item());
                  }
                }
                out[offset + i] =
                    listResult(batch[i], items, histories.get(i), listSize, catalog, unknown);
              }
            });
    if (nulls.get() > 0) {
      r = r.withExtra("null_candidates_per_user", (double) nulls.get() / r.numUsers());
    }
    return unknown.get() == 0
        ? r
        : r.withExtra("unknown_items_per_user", (double) unknown.get() / r.numUsers());
  }

  /**
   * Evaluates a recommender (e.g. the whole PALR pipeline): the target's position in its top-{@code
   * k} recommendation, known items and repeats dropped; a target not in the list is a miss. Adds
   * the extras {@code latency_ms_per_user} (mean provenance latency), {@code
   * hallucinations_per_user} and {@code fallback_rate} (share of users whose answer fell back to
   * retriever order).
   *
   * @throws IllegalStateException if the evaluator uses the sampled protocol
   */
  public EvaluationResult evaluate(Recommender recommender, int k) {
    Objects.requireNonNull(recommender, "recommender");
    Metric.checkPosition(k);
    requireFullProtocol("a Recommender");
    Catalog catalog = split.catalog();
    AtomicLong unknown = new AtomicLong();
    DoubleAdder latencyMs = new DoubleAdder();
    AtomicLong hallucinations = new AtomicLong();
    AtomicLong fallbacks = new AtomicLong();
    EvaluationResult r =
        run(
            recommender.name(),
            "top-" + k + " recommendation",
            k,
            (batch, out, offset) -> {
              List<int[]> histories = histories(batch);
              List<Recommendation> recs =
                  recommender.recommendAll(toUserHistories(batch, histories), k);
              checkSize(recs, batch, recommender.name());
              for (int i = 0; i < batch.length; i++) {
                Recommendation rec = recs.get(i);
                Provenance p = rec.provenance();
                latencyMs.add(p.latency().toNanos() / 1e6);
                hallucinations.addAndGet(p.hallucinations());
                if (p.status() == RankingStatus.FALLBACK_RETRIEVER_ORDER) {
                  fallbacks.incrementAndGet();
                }
                out[offset + i] =
                    listResult(batch[i], rec.itemList(), histories.get(i), k, catalog, unknown);
              }
            });
    int n = Math.max(1, r.numUsers());
    r =
        r.withExtra("latency_ms_per_user", latencyMs.sum() / n)
            .withExtra("hallucinations_per_user", (double) hallucinations.get() / n)
            .withExtra("fallback_rate", (double) fallbacks.get() / n);
    return unknown.get() == 0
        ? r
        : r.withExtra("unknown_items_per_user", (double) unknown.get() / n);
  }

  private UserResult listResult(
      int u, List<Item> items, int[] history, int cutoff, Catalog catalog, AtomicLong unknown) {
    List<Integer> indices = new ArrayList<>(items.size());
    for (Item it : items) {
      var idx = catalog.indexOf(it.id());
      if (idx.isPresent()) {
        indices.add(idx.getAsInt());
      } else {
        unknown.incrementAndGet();
      }
    }
    int target = mode.target(split, u);
    return new UserResult(
        u, split.userId(u), target, Ranks.inList(indices, target, history, cutoff));
  }

  private void requireFullProtocol(String what) {
    if (!(protocol instanceof RankingProtocol.Full)) {
      throw new IllegalStateException(
          "the sampled protocol needs per-item scores: evaluate an ItemScorer, not "
              + what
              + " (configured: "
              + protocol.describe()
              + ")");
    }
  }

  private static void checkSize(List<?> lists, int[] batch, String system) {
    if (lists == null || lists.size() != batch.length) {
      throw new IllegalStateException(
          "system '"
              + system
              + "' returned "
              + (lists == null ? "null" : lists.size() + " answers")
              + " for a batch of "
              + batch.length
              + " users");
    }
  }

  private List<int[]> histories(int[] batch) {
    List<int[]> h = new ArrayList<>(batch.length);
    for (int u : batch) {
      h.add(mode.history(split, u));
    }
    return h;
  }

  private List<UserHistory> toUserHistories(int[] batch, List<int[]> histories) {
    List<UserHistory> out = new ArrayList<>(batch.length);
    for (int i = 0; i < batch.length; i++) {
      out.add(
          InteractionDataset.toHistory(split.userId(batch[i]), histories.get(i), split.catalog()));
    }
    return out;
  }

  /** Ranks one batch of users into {@code out[offset..offset+batch.length)}. */
  @FunctionalInterface
  private interface BatchRanker {
    void rank(int[] batch, UserResult[] out, int offset);
  }

  private EvaluationResult run(
      String system, String protocolDesc, int listLength, BatchRanker ranker) {
    Objects.requireNonNull(system, "system");
    int[] selected = users.select(split.numUsers());
    int total = selected.length;
    UserResult[] out = new UserResult[total];
    int numBatches = (total + batchSize - 1) / batchSize;
    LOG.info(
        "evaluating '{}' on {} ({}, {}, {} users, {} threads)",
        system,
        split.dataset().name(),
        mode.name().toLowerCase(java.util.Locale.ROOT),
        protocolDesc,
        total,
        threads);
    AtomicInteger done = new AtomicInteger();
    Object progressLock = new Object();
    long[] lastLog = {System.nanoTime()};
    long start = System.nanoTime();
    List<Runnable> tasks = new ArrayList<>(numBatches);
    for (int b = 0; b < numBatches; b++) {
      int from = b * batchSize;
      int to = Math.min(total, from + batchSize);
      int[] batch = java.util.Arrays.copyOfRange(selected, from, to);
      tasks.add(
          () -> {
            ranker.rank(batch, out, from);
            synchronized (progressLock) {
              int d = done.addAndGet(batch.length);
              progress.onProgress(d, total);
              long now = System.nanoTime();
              // at most every 10 s, so quick runs (e.g. per-epoch validation) stay quiet
              if (now - lastLog[0] >= 10_000_000_000L && d < total) {
                lastLog[0] = now;
                LOG.info("'{}': {}/{} users", system, d, total);
              } else {
                LOG.debug("'{}': {}/{} users", system, d, total);
              }
            }
          });
    }
    execute(tasks);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    EvaluationSetup setup =
        new EvaluationSetup(
            split.dataset().name(),
            mode,
            protocolDesc,
            tiePolicy,
            split.numItems(),
            listLength,
            users.describe(),
            metrics);
    Map<String, Double> extras = new LinkedHashMap<>();
    extras.put("wall_ms_per_user", total == 0 ? 0.0 : elapsed.toNanos() / 1e6 / total);
    EvaluationResult result = new EvaluationResult(system, setup, List.of(out), elapsed, extras);
    LOG.info("'{}' done in {} ms: {}", system, elapsed.toMillis(), result.means());
    return result;
  }

  private void execute(List<Runnable> tasks) {
    if (threads == 1 || tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, tasks.size()),
            r -> {
              Thread t = new Thread(r, "palr-eval");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>(tasks.size());
      for (Runnable t : tasks) {
        futures.add(pool.submit(t));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) {
            throw re;
          }
          if (c instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException("evaluation task failed", c);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Configures an {@link Evaluator}; not thread-safe. */
  public static final class Builder {
    private final LeaveOneOutSplit split;
    private EvaluationMode mode = EvaluationMode.TEST;
    private List<Metric> metrics = Metric.standard(5, 10, 20);
    private TiePolicy tiePolicy = TiePolicy.PESSIMISTIC;
    private RankingProtocol protocol = RankingProtocol.full();
    private UserSelection users = UserSelection.all();
    private int batchSize = 256;
    private int threads = 1;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder(LeaveOneOutSplit split) {
      this.split = Objects.requireNonNull(split, "split");
    }

    /** Validation or test targets (default test). */
    public Builder mode(EvaluationMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The metrics reported (default {@code Metric.standard(5, 10, 20)}). */
    public Builder metrics(List<Metric> metrics) {
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException("at least one metric");
      }
      this.metrics = List.copyOf(metrics);
      return this;
    }

    /** The metrics reported. */
    public Builder metrics(Metric... metrics) {
      return metrics(List.of(metrics));
    }

    /** How ties are placed (default {@link TiePolicy#PESSIMISTIC}). */
    public Builder tiePolicy(TiePolicy tiePolicy) {
      this.tiePolicy = Objects.requireNonNull(tiePolicy, "tiePolicy");
      return this;
    }

    /** Full (default) or sampled ranking. */
    public Builder protocol(RankingProtocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** Which users to evaluate (default all). */
    public Builder users(UserSelection users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /** Users per call into the system (default 256). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Worker threads (default 1); the system must be thread-safe when more than one. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** A progress callback (default none). */
    public Builder progress(ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Builds the evaluator (computes popularity weights now when the protocol samples by
     * popularity).
     */
    public Evaluator build() {
      return new Evaluator(this);
    }
  }
}
