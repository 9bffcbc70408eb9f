package io.palr.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.palr.api.ProfileGenerator;
import io.palr.api.UserHistory;
import io.palr.api.UserProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ProfileGenerator}, as JUnit 5 tests: extend this class, return your
 * generator and a few users. Checked: a non-blank name; never a null profile or keyword, no blank
 * keyword; an empty history answered without an exception; the same profiles from many concurrent
 * callers as from one (for a deterministic generator).
 */
public abstract class ProfileGeneratorContract {

  /** A new generator under test; called once per test. */
  protected abstract ProfileGenerator createGenerator();

  /** A few users, at least one with a non-empty history. */
  protected abstract List<UserHistory> sampleHistories();

  /** Whether the same history always gets the same profile. */
  protected boolean isDeterministic() {
    return true;
  }

  @Test
  void nameIsNotBlank() {
    ProfileGenerator g = createGenerator();
    assertNotNull(g.name(), "name()");
    assertFalse(g.name().isBlank(), "name() is blank");
  }

  @Test
  void profilesAreNeverNullNorBlank() {
    ProfileGenerator g = createGenerator();
    for (UserHistory h : sampleHistories()) {
      check(g.profile(h), h);
    }
  }

  @Test
  void answersAnEmptyHistory() {
    UserHistory cold = UserHistory.of("palr-testkit-cold-user", List.of());
    check(createGenerator().profile(cold), cold);
  }

  @Test
  void isSafeForConcurrentCallers() throws Exception {
    ProfileGenerator g = createGenerator();
    List<UserHistory> hs = sampleHistories();
    List<List<String>> expected = hs.stream().map(h -> g.profile(h).keywords()).toList();
    List<List<List<String>>> answers =
        Concurrently.run(
            8,
            4,
            () ->
                hs.stream()
                    .map(
                        h -> {
                          UserProfile p = g.profile(h);
                          check(p, h);
                          return p.keywords();
                        })
                    .toList());
    if (isDeterministic()) {
      for (List<List<String>> a : answers) {
        assertEquals(expected, a, "a concurrent caller got a different profile");
      }
    }
  }

  private static void check(UserProfile p, UserHistory h) {
    assertNotNull(p, "null profile for " + h.userId());
    for (String k : p.keywords()) {
      assertNotNull(k, "null keyword for " + h.userId());
      assertFalse(k.isBlank(), "blank keyword for " + h.userId());
    }
  }
}
