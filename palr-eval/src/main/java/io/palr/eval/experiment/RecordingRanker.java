package io.palr.eval.experiment;

import io.palr.api.LlmRanker;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a ranker and keeps each user's last {@link RankingResult}, so that the experiment can count
 * generated lines, hallucinations and parse failures (the pipeline's provenance only carries the
 * hallucination count) and show the raw model output. Thread-safe.
 */
final class RecordingRanker implements LlmRanker {
  private final LlmRanker delegate;
  private final Map<String, RankingResult> results = new ConcurrentHashMap<>();

  RecordingRanker(LlmRanker delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public RankingResult rank(RankingRequest request) {
    RankingResult r = delegate.rank(request);
    results.put(request.history().userId(), r);
    return r;
  }

  /** The recorded result of the user, or null. */
  RankingResult result(String userId) {
    return results.get(userId);
  }

  /** All recorded results by user id. */
  Map<String, RankingResult> results() {
    return Map.copyOf(results);
  }

  /**
   * The share of generated item lines that did not yield a candidate (hallucinations plus parse
   * failures over all lines); NaN when no item line was generated at all (the model answered with
   * nothing usable, see the fallback rate).
   */
  double hallucinationRate() {
    long bad = 0;
    long all = 0;
    for (RankingResult r : results.values()) {
      bad += r.hallucinations() + r.parseFailures();
      all += r.hallucinations() + r.parseFailures() + r.ranked().size();
    }
    return all == 0 ? Double.NaN : (double) bad / all;
  }
}
