package io.palr.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.palr.api.Candidate;
import io.palr.api.LlmRanker;
import io.palr.api.RankingException;
import io.palr.api.RankingRequest;
import io.palr.api.RankingResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link LlmRanker}, as JUnit 5 tests: extend this class, return your ranker and a
 * few requests. Checked: a non-blank name; never a null result; only members of the request's
 * candidate list, without duplicates, at most {@code k} of them; failures signalled by {@link
 * RankingException} only; the same guarantees under many concurrent callers, and, for a
 * deterministic ranker, the same answers.
 */
public abstract class LlmRankerContract {

  /** A new ranker under test; called once per test. */
  protected abstract LlmRanker createRanker();

  /** A few requests to rank. */
  protected abstract List<RankingRequest> sampleRequests();

  /** Whether the same request always gets the same order. */
  protected boolean isDeterministic() {
    return true;
  }

  @Test
  void nameIsNotBlank() {
    LlmRanker r = createRanker();
    assertNotNull(r.name(), "name()");
    assertFalse(r.name().isBlank(), "name() is blank");
  }

  @Test
  void ranksOnlyCandidatesWithoutDuplicatesAndAtMostK() {
    LlmRanker r = createRanker();
    for (RankingRequest req : sampleRequests()) {
      check(rankOrNull(r, req), req);
    }
  }

  @Test
  void isSafeForConcurrentCallers() throws Exception {
    LlmRanker r = createRanker();
    List<RankingRequest> reqs = sampleRequests();
    List<List<String>> expected = reqs.stream().map(q -> ids(rankOrNull(r, q))).toList();
    List<List<List<String>>> answers =
        Concurrently.run(
            8,
            2,
            () ->
                reqs.stream()
                    .map(
                        q -> {
                          RankingResult res = rankOrNull(r, q);
                          check(res, q);
                          return ids(res);
                        })
                    .toList());
    if (isDeterministic()) {
      for (List<List<String>> a : answers) {
        assertEquals(expected, a, "a concurrent caller got a different order");
      }
    }
  }

  /** The result, or null when the ranker signalled failure the documented way. */
  private static RankingResult rankOrNull(LlmRanker r, RankingRequest req) {
    try {
      RankingResult res = r.rank(req);
      assertNotNull(res, "rank returned null; signal failure with RankingException");
      return res;
    } catch (RankingException e) {
      return null;
    }
  }

  private static void check(RankingResult res, RankingRequest req) {
    if (res == null) {
      return;
    }
    Set<String> allowed = new HashSet<>();
    req.candidates().forEach(c -> allowed.add(c.item().id()));
    Set<String> seen = new HashSet<>();
    assertTrue(
        res.ranked().size() <= req.k(),
        "ranked " + res.ranked().size() + " items, more than k=" + req.k());
    for (Candidate c : res.ranked()) {
      assertNotNull(c, "null item in the ranking");
      assertTrue(allowed.contains(c.item().id()), "ranked " + c.item().id() + ", not a candidate");
      assertTrue(seen.add(c.item().id()), "ranked " + c.item().id() + " twice");
    }
  }

  private static List<String> ids(RankingResult res) {
    return res == null ? null : res.ranked().stream().map(c -> c.item().id()).toList();
  }
}
