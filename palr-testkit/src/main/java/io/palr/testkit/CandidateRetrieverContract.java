package io.palr.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.palr.api.Candidate;
import io.palr.api.CandidateRetriever;
import io.palr.api.Item;
import io.palr.api.UserHistory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CandidateRetriever}, as JUnit 5 tests: extend this class in your test
 * sources, return your retriever and a few users, and every test below runs against it.
 *
 * <pre>{@code
 * class MyRetrieverContractTest extends CandidateRetrieverContract {
 *   protected CandidateRetriever createRetriever() { return new MyRetriever(catalog); }
 *   protected List<UserHistory> sampleHistories() { return List.of(...); }
 * }
 * }</pre>
 *
 * <p>Checked: a stable, non-blank name; never null, never a null element; at most {@code k}
 * distinct candidates for every {@code k}; history items excluded (unless {@link
 * #excludesHistory()} says otherwise); an empty history answered without an exception; {@code
 * retrieveAll} agreeing with {@code retrieve}; {@code k < 1} rejected with {@link
 * IllegalArgumentException}; and, for a deterministic retriever, the same answers from many
 * concurrent callers as from one.
 */
public abstract class CandidateRetrieverContract {

  /** A new retriever under test; called once per test. */
  protected abstract CandidateRetriever createRetriever();

  /** A few users to ask for, at least one with a non-empty history. */
  protected abstract List<UserHistory> sampleHistories();

  /** Whether the retriever excludes items already in the history (the contract's default). */
  protected boolean excludesHistory() {
    return true;
  }

  /** Whether the same question always gets the same answer (true for model-based retrievers). */
  protected boolean isDeterministic() {
    return true;
  }

  /** The values of {@code k} to try. */
  protected int[] sampleKs() {
    return new int[] {1, 3, 10, 50};
  }

  @Test
  void nameIsStableAndNotBlank() {
    CandidateRetriever r = createRetriever();
    assertNotNull(r.name(), "name()");
    assertFalse(r.name().isBlank(), "name() is blank");
    assertEquals(r.name(), r.name(), "name() changed between calls");
  }

  @Test
  void returnsAtMostKDistinctNonNullCandidates() {
    CandidateRetriever r = createRetriever();
    for (UserHistory h : histories()) {
      for (int k : sampleKs()) {
        checkList(r.retrieve(h, k), h, k);
      }
    }
  }

  @Test
  void excludesTheUsersOwnItems() {
    if (!excludesHistory()) {
      return;
    }
    CandidateRetriever r = createRetriever();
    for (UserHistory h : histories()) {
      Set<String> seen = new HashSet<>();
      h.items().forEach(i -> seen.add(i.id()));
      for (Candidate c : r.retrieve(h, 50)) {
        assertFalse(
            seen.contains(c.item().id()),
            "candidate " + c.item().id() + " is in the history of " + h.userId());
      }
    }
  }

  @Test
  void rejectsKBelowOne() {
    CandidateRetriever r = createRetriever();
    UserHistory h = histories().get(0);
    assertThrows(IllegalArgumentException.class, () -> r.retrieve(h, 0), "retrieve(h, 0)");
  }

  @Test
  void answersAnEmptyHistory() {
    UserHistory cold = UserHistory.of("palr-testkit-cold-user", List.of());
    checkList(createRetriever().retrieve(cold, 5), cold, 5);
  }

  @Test
  void retrieveAllAgreesWithRetrieve() {
    CandidateRetriever r = createRetriever();
    List<UserHistory> hs = histories();
    List<List<Candidate>> all = r.retrieveAll(hs, 10);
    assertNotNull(all, "retrieveAll returned null");
    assertEquals(hs.size(), all.size(), "retrieveAll must answer once per history");
    for (int i = 0; i < hs.size(); i++) {
      checkList(all.get(i), hs.get(i), 10);
      if (isDeterministic()) {
        assertEquals(
            ids(r.retrieve(hs.get(i), 10)),
            ids(all.get(i)),
            "retrieveAll and retrieve disagree for " + hs.get(i).userId());
      }
    }
  }

  @Test
  void isSafeForConcurrentCallers() throws Exception {
    CandidateRetriever r = createRetriever();
    List<UserHistory> hs = histories();
    List<List<String>> expected = hs.stream().map(h -> ids(r.retrieve(h, 10))).toList();
    List<List<List<String>>> answers =
        Concurrently.run(
            8, 4, () -> hs.stream().map(h -> ids(checkList(r.retrieve(h, 10), h, 10))).toList());
    if (isDeterministic()) {
      for (List<List<String>> a : answers) {
        assertEquals(expected, a, "a concurrent caller got a different answer");
      }
    }
  }

  private List<UserHistory> histories() {
    List<UserHistory> hs = sampleHistories();
    assertNotNull(hs, "sampleHistories()");
    if (hs.stream().allMatch(UserHistory::isEmpty)) {
      fail("sampleHistories() needs at least one non-empty history");
    }
    return hs;
  }

  private static List<Candidate> checkList(List<Candidate> out, UserHistory h, int k) {
    assertNotNull(out, "retrieve returned null for " + h.userId());
    assertTrue(
        out.size() <= k, "retrieve returned " + out.size() + " > k=" + k + " for " + h.userId());
    Set<String> ids = new HashSet<>();
    for (Candidate c : out) {
      assertNotNull(c, "null candidate for " + h.userId());
      Item it = c.item();
      assertTrue(ids.add(it.id()), "duplicate candidate " + it.id() + " for " + h.userId());
    }
    return out;
  }

  private static List<String> ids(List<Candidate> cs) {
    return cs.stream().map(c -> c.item().id()).toList();
  }
}
