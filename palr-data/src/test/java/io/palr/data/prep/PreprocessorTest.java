package io.palr.data.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.InteractionDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
  private static final PreprocessOptions NO_CORE = PreprocessOptions.defaults().withMinCore(0);

  private static InteractionDataset prepare(RawInteractions raw, PreprocessOptions options) {
    return Preprocessor.prepare(raw, options)
        .toDataset("t", id -> Item.of(id, id.toUpperCase(Locale.ROOT)));
  }

  private static List<String> items(InteractionDataset ds, int u) {
    List<String> out = new ArrayList<>();
    for (int i : ds.sequence(u)) {
      out.add(ds.catalog().item(i).id());
    }
    return out;
  }

  @Test
  void sortsChronologicallyAndKeepsFileOrderForEqualTimestamps() {
    RawInteractions raw = new RawInteractions();
    raw.add("u", "late", 30, Float.NaN);
    raw.add("u", "tieA", 20, Float.NaN);
    raw.add("u", "early", 10, Float.NaN);
    raw.add("u", "tieB", 20, Float.NaN);
    raw.add("u", "tieC", 20, Float.NaN);
    InteractionDataset ds = prepare(raw, NO_CORE);
    assertThat(items(ds, 0)).containsExactly("early", "tieA", "tieB", "tieC", "late");
    assertThat(ds.timestamps(0)).containsExactly(10, 20, 20, 20, 30);
  }

  @Test
  void stableSortOnLongSequencesMatchesAReferenceStableSort() {
    Random rnd = new Random(7);
    RawInteractions raw = new RawInteractions();
    List<long[]> expected = new ArrayList<>(); // {timestamp, file position}
    for (int i = 0; i < 500; i++) {
      long ts = rnd.nextInt(40); // many ties
      raw.add("u", "i" + i, ts, Float.NaN);
      expected.add(new long[] {ts, i});
    }
    expected.sort((a, b) -> Long.compare(a[0], b[0])); // List.sort is stable
    InteractionDataset ds = prepare(raw, NO_CORE);
    List<String> want = new ArrayList<>();
    for (long[] e : expected) {
      want.add("i" + e[1]);
    }
    assertThat(items(ds, 0)).containsExactlyElementsOf(want);
  }

  @Test
  void stableSortWithExtremeTimestampsMatchesAReferenceStableSort() {
    // a range too wide for packed keys: the merge-sort path
    long[] values = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
    Random rnd = new Random(11);
    RawInteractions raw = new RawInteractions();
    List<long[]> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long ts = values[rnd.nextInt(values.length)];
      raw.add("u", "i" + i, ts, Float.NaN);
      expected.add(new long[] {ts, i});
    }
    expected.sort((a, b) -> Long.compare(a[0], b[0]));
    InteractionDataset ds = prepare(raw, NO_CORE);
    List<String> want = new ArrayList<>();
    for (long[] e : expected) {
      want.add("i" + e[1]);
    }
    assertThat(items(ds, 0)).containsExactlyElementsOf(want);
  }

  @Test
  void deduplicationKeepsTheChronologicallyFirstOccurrence() {
    RawInteractions raw = new RawInteractions();
    raw.add("u", "x", 50, Float.NaN); // a later repeat listed first in the file
    raw.add("u", "y", 20, Float.NaN);
    raw.add("u", "x", 10, Float.NaN);
    raw.add("u", "x", 60, Float.NaN);
    PreparedInteractions p = Preprocessor.prepare(raw, NO_CORE);
    InteractionDataset ds = p.toDataset("t", id -> Item.of(id, ""));
    assertThat(items(ds, 0)).containsExactly("x", "y");
    assertThat(ds.timestamps(0)).containsExactly(10, 20);
    assertThat(p.summary().duplicates()).isEqualTo(2);

    InteractionDataset kept = prepare(raw, NO_CORE.withDeduplicate(false));
    assertThat(items(kept, 0)).containsExactly("x", "y", "x", "x");
  }

  @Test
  void ratingThresholdDropsLowRatingsAndCountsThem() {
    RawInteractions raw = new RawInteractions();
    raw.add("u", "a", 1, 5f);
    raw.add("u", "b", 2, 2f);
    raw.add("u", "c", 3, 4f);
    PreparedInteractions p = Preprocessor.prepare(raw, NO_CORE.withRatingThreshold(4));
    assertThat(p.itemIds()).containsExactly("a", "c");
    assertThat(p.summary().belowThreshold()).isEqualTo(1);
  }

  @Test
  void iterativeKCoreRunsToTheFixedPoint() {
    // k = 2. Round 1 removes item z (1 interaction); that leaves user v with 1 interaction, removed
    // in round 2;
    // that leaves item y with 1 interaction, removed in round 3; then user w has 1 left and goes in
    // round 4.
    RawInteractions raw = new RawInteractions();
    String[][] pairs = {
      {"a", "p"},
      {"a", "q"},
      {"b", "p"},
      {"b", "q"}, // a 2-core block that survives
      {"v", "y"},
      {"v", "z"},
      {"w", "y"},
      {"w", "p"}
    };
    long t = 0;
    for (String[] pr : pairs) {
      raw.add(pr[0], pr[1], t++, Float.NaN);
    }
    PreparedInteractions p = Preprocessor.prepare(raw, PreprocessOptions.defaults().withMinCore(2));
    assertThat(p.userIds()).containsExactly("a", "b");
    assertThat(p.itemIds()).containsExactly("p", "q");
    assertThat(p.summary().interactions()).isEqualTo(4);
    assertThat(p.summary().removedByKCore()).isEqualTo(4);
    assertThat(p.summary().kCoreRounds()).isGreaterThanOrEqualTo(4);

    InteractionDataset ds = p.toDataset("t", id -> Item.of(id, ""));
    for (int u = 0; u < ds.numUsers(); u++) {
      assertThat(ds.length(u)).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void separateUserAndItemThresholds() {
    RawInteractions raw = new RawInteractions();
    raw.add("u1", "a", 1, Float.NaN);
    raw.add("u1", "b", 2, Float.NaN);
    raw.add("u1", "c", 3, Float.NaN);
    raw.add("u2", "a", 1, Float.NaN);
    PreparedInteractions p =
        Preprocessor.prepare(raw, PreprocessOptions.defaults().withMinCore(3, 1));
    assertThat(p.userIds()).containsExactly("u1");
    assertThat(p.itemIds()).containsExactly("a", "b", "c");
  }

  @Test
  void reindexesDenselyKeepingFirstAppearanceOrder() {
    RawInteractions raw = new RawInteractions();
    raw.itemKey("unused"); // e.g. a catalogue item nobody rated
    raw.add("u2", "b", 1, Float.NaN);
    raw.add("u1", "a", 1, Float.NaN);
    raw.add("u2", "a", 2, Float.NaN);
    PreparedInteractions p = Preprocessor.prepare(raw, NO_CORE);
    assertThat(p.userIds()).containsExactly("u2", "u1");
    assertThat(p.itemIds()).containsExactly("b", "a");
    InteractionDataset ds = p.toDataset("t", id -> Item.of(id, ""));
    assertThat(ds.sequence(0)).containsExactly(0, 1);
    assertThat(ds.sequence(1)).containsExactly(1);
  }

  @Test
  void emptyResultIsATypedExceptionWithTheSummary() {
    RawInteractions raw = new RawInteractions();
    raw.add("u", "a", 1, 1f);
    raw.add("u", "b", 2, 1f);
    assertThatThrownBy(() -> Preprocessor.prepare(raw, PreprocessOptions.defaults()))
        .isInstanceOf(EmptyDatasetException.class)
        .hasMessageContaining("no interactions left")
        .hasMessageContaining("by k-core")
        .satisfies(
            e -> assertThat(((EmptyDatasetException) e).summary().rawInteractions()).isEqualTo(2));
    assertThatThrownBy(() -> Preprocessor.prepare(raw, NO_CORE.withRatingThreshold(4)))
        .isInstanceOf(EmptyDatasetException.class)
        .hasMessageContaining("2 below rating threshold");
  }

  @Test
  void rawBufferGrowsAndKeepsRatingsOfEarlierUnratedRows() {
    RawInteractions raw = new RawInteractions();
    for (int i = 0; i < 10_000; i++) {
      raw.add("u" + (i % 7), "i" + (i % 13), i, i < 5000 ? Float.NaN : 3f);
    }
    assertThat(raw.size()).isEqualTo(10_000);
    assertThat(raw.hasRatings()).isTrue();
    assertThat(raw.rating(10)).isNaN();
    assertThat(raw.rating(9999)).isEqualTo(3f);
    assertThat(raw.numUsers()).isEqualTo(7);
    assertThat(raw.numItems()).isEqualTo(13);
  }
}
