package io.palr.retrieval.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SASRec's fast paths must not change its answers: scoring trims left padding to the longest
 * history of a chunk and computes only the last position in the last block, which is exact only
 * because padded keys are masked and positions keep their index in the full frame.
 */
class SasRecPaddingTest {
  private static final int ITEMS = 40;

  private static List<int[]> histories(long seed, int count, int maxLen) {
    Random rng = new Random(seed);
    List<int[]> out = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      int[] h = new int[1 + rng.nextInt(maxLen)];
      for (int i = 0; i < h.length; i++) {
        h[i] = rng.nextInt(ITEMS);
      }
      out.add(h);
    }
    return out;
  }

  @Test
  void fastInferenceEqualsFullFrameForwardWithMultipleHeads() {
    try (SasRec model =
        new SasRec(new SasRecConfig(20, 16, 2, 2, 0.3f, 0f), ITEMS, Device.cpu(), 7L)) {
      List<int[]> hs = histories(1L, 12, 35);
      float[] fast = model.lastHidden(hs);
      float[] slow = model.lastHiddenFullFrame(hs);
      assertThat(fast).hasSameSizeAs(slow);
      for (int i = 0; i < fast.length; i++) {
        assertThat(fast[i]).as("hidden element %d", i).isCloseTo(slow[i], within(2e-4f));
      }
    }
  }

  @Test
  void aUsersScoresDoNotDependOnWhoElseIsInTheChunk() {
    try (SasRec model =
        new SasRec(new SasRecConfig(20, 16, 2, 1, 0.2f, 0f), ITEMS, Device.cpu(), 3L)) {
      List<int[]> hs = histories(2L, 30, 30);
      float[][] together = model.scoreAll(hs);
      for (int u : new int[] {0, 5, 17, 29}) {
        float[] alone = model.scoreAll(List.of(hs.get(u)))[0];
        for (int i = 0; i < ITEMS; i++) {
          assertThat(alone[i])
              .as("user %d (length %d) item %d", u, hs.get(u).length, i)
              .isCloseTo(together[u][i], within(2e-4f));
        }
      }
    }
  }

  @Test
  void manyChunksScoredOnSeveralThreadsMatchOneByOneScoring() {
    assertThat(ScoringThreads.parallelism())
        .as("surefire sets palr.scoring.threads=2")
        .isEqualTo(2);
    try (SasRec model =
        new SasRec(new SasRecConfig(20, 16, 1, 1, 0.2f, 0f), ITEMS, Device.cpu(), 9L)) {
      List<int[]> hs = histories(4L, 1500, 25);
      float[][] together = model.scoreAll(hs);
      assertThat(together.length).isEqualTo(hs.size());
      for (int u = 0; u < hs.size(); u += 97) {
        float[] alone = model.scoreAll(List.of(hs.get(u)))[0];
        for (int i = 0; i < ITEMS; i++) {
          assertThat(alone[i]).as("user %d item %d", u, i).isCloseTo(together[u][i], within(2e-4f));
        }
      }
    }
  }

  @Test
  void theModelReadsOnlyTheMostRecentMaxLengthItems() {
    try (SasRec model =
        new SasRec(new SasRecConfig(8, 16, 2, 1, 0.2f, 0f), ITEMS, Device.cpu(), 5L)) {
      int[] recent = {3, 4, 5, 6, 7, 8, 9, 10};
      int[] longer = {30, 31, 32, 3, 4, 5, 6, 7, 8, 9, 10};
      float[][] s = model.scoreAll(List.of(recent, longer));
      for (int i = 0; i < ITEMS; i++) {
        assertThat(s[0][i]).isCloseTo(s[1][i], within(1e-5f));
      }
      float[] shorter = model.scoreAll(List.<int[]>of(new int[] {4, 5, 6, 7, 8, 9, 10}))[0];
      assertThat(shorter).isNotEqualTo(s[0]);
    }
  }
}
