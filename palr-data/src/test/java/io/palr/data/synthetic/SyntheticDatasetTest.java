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
}
