package io.palr.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.Item;
import io.palr.data.InteractionDataset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {

  @Test
  void isDeterministicForASeed() {
    InteractionDataset a = SyntheticDataset.generate(SyntheticDataset.Config.small());
    InteractionDataset b = SyntheticDataset.generate(SyntheticDataset.Config.small());
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(SyntheticDataset.generate(SyntheticDataset.Config.small().withSeed(8)).fingerprint())
        .isNotEqualTo(a.fingerprint());
  }

  @Test
  void hasReadableUniqueTitlesAndNoRepeats() {
    InteractionDataset d = SyntheticDataset.generate();
    assertThat(d.numUsers()).isEqualTo(1000);
    assertThat(d.numItems()).isBetween(250, 600);
    Set<String> titles = new HashSet<>();
    for (Item it : d.catalog().items()) {
      assertThat(it.title()).isNotBlank();
      assertThat(it.genres()).isNotEmpty();
      assertThat(it.year()).isPresent();
      assertThat(titles.add(it.title())).as("unique title %s", it.title()).isTrue();
    }
    for (int u = 0; u < d.numUsers(); u++) {
      int[] s = d.sequence(u);
      assertThat(s.length).isBetween(8, 40);
      assertThat(java.util.Arrays.stream(s).distinct().count()).isEqualTo(s.length);
      for (int i = 1; i < s.length; i++) {
        assertThat(d.timestampAt(u, i)).isGreaterThan(d.timestampAt(u, i - 1));
      }
    }
  }

  @Test
  void sequelsFollowTheirPredecessorOftenEnoughToBeLearnable() {
    InteractionDataset d = SyntheticDataset.generate();
    int sequels = 0;
    int transitions = 0;
    for (int u = 0; u < d.numUsers(); u++) {
      int[] s = d.sequence(u);
      for (int i = 1; i < s.length; i++) {
        transitions++;
        String prev = d.catalog().item(s[i - 1]).title();
        String cur = d.catalog().item(s[i]).title();
        if (cur.startsWith(prev.replaceAll(" (II|III|IV)$", "")) && s[i] == s[i - 1] + 1) {
          sequels++;
        }
      }
    }
    assertThat((double) sequels / transitions).isBetween(0.15, 0.7);
  }

  @Test
  void theDefaultDataAreThoseOfEarlierVersions() {
    // fingerprints of the data before late sequels existed (layout-v2): quickstart figures depend
    // on
    // them
    assertThat(SyntheticDataset.generate().fingerprint()).isEqualTo("8bf7178392c4deae");
    assertThat(SyntheticDataset.generate(SyntheticDataset.Config.small()).fingerprint())
        .isEqualTo("5fc038df9f193366");
  }

  @Test
  void lateSequelsAreWatchedOnlyAfterTheirReleaseAndRightAfterTheirPredecessor() {
    InteractionDataset d = SyntheticDataset.generate(SyntheticDataset.Config.coldStartDemo());
    // the same catalogue as the default data: only the histories differ
    assertThat(d.catalog().items()).isEqualTo(SyntheticDataset.generate().catalog().items());
    long[] first = new long[d.numItems()];
    java.util.Arrays.fill(first, Long.MAX_VALUE);
    for (int u = 0; u < d.numUsers(); u++) {
      for (int p = 0; p < d.length(u); p++) {
        first[d.itemAt(u, p)] = Math.min(first[d.itemAt(u, p)], d.timestampAt(u, p));
      }
    }
    long[] sorted = first.clone();
    java.util.Arrays.sort(sorted);
    // the newest films cluster in the last days: released together, 12 days before the cut-off
    long newest = sorted[(int) (0.95 * sorted.length)];
    long older = sorted[(int) (0.8 * sorted.length)];
    assertThat(newest - older).isGreaterThan(30L * 86_400);
    int lateWatches = 0;
    int afterPredecessor = 0;
    for (int u = 0; u < d.numUsers(); u++) {
      for (int p = 0; p < d.length(u); p++) {
        int i = d.itemAt(u, p);
        if (first[i] >= newest) {
          lateWatches++;
          for (int q = Math.max(0, p - 3); q < p; q++) {
            if (d.itemAt(u, q) == i - 1) {
              afterPredecessor++;
              break;
            }
          }
        }
      }
    }
    assertThat(lateWatches).isGreaterThan(50);
    assertThat(afterPredecessor).isGreaterThan(lateWatches / 2);
    // a late film is the last of its franchise
    for (int i = 0; i < d.numItems(); i++) {
      if (first[i] >= newest && i + 1 < d.numItems()) {
        String next = d.catalog().item(i + 1).title();
        String title = d.catalog().item(i).title();
        assertThat(next).doesNotStartWith(title.replaceAll(" [IV]+$", "") + " I");
      }
    }
  }

  @Test
  void badLateSequelRatesAreRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SyntheticDataset.Config.defaults().withLateSequelRate(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
