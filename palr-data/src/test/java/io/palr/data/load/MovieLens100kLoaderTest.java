package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.ProblemKind;
import io.palr.data.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens100kLoaderTest {
  @TempDir Path tmp;

  /**
   * Counts after the paper's preprocessing (implicit, dedup, stable sort, iterative 5-core).
   * Cross-checked with an independent Python implementation (Counter-based k-core over u.data): 943
   * users, 1,349 items, 99,287 interactions, fixed point after 2 passes.
   */
  @Test
  void fiveCoreGivesTheKnownCounts() throws IOException {
    LoadResult r = DatasetLoaders.movieLens100k(SharedData.dataDir("ml-100k")).minCore(5).load();
    assertThat(r.statistics().users()).isEqualTo(943);
    assertThat(r.statistics().items()).isEqualTo(1349);
    assertThat(r.statistics().interactions()).isEqualTo(99_287);
    assertThat(r.preprocessing().rawInteractions()).isEqualTo(100_000);
    assertThat(r.preprocessing().duplicates()).isZero();
    assertThat(r.preprocessing().removedByKCore()).isEqualTo(713);
    assertThat(r.report().recordsAccepted()).isEqualTo(100_000);
    assertThat(r.report().skippedRecords()).isZero();

    InteractionDataset ds = r.dataset();
    Item toy = ds.catalog().item(ds.catalog().indexOf("1").getAsInt());
    assertThat(toy.title()).isEqualTo("Toy Story");
    assertThat(toy.year()).hasValue(1995);
    assertThat(toy.genres()).containsExactly("Animation", "Children's", "Comedy");
    assertThat(toy.attributes()).containsEntry("releaseDate", "01-Jan-1995");

    // u.item is ISO-8859-1: accented titles decode to the right characters
    assertThat(ds.catalog().items()).anySatisfy(it -> assertThat(it.title()).contains("é"));
    assertThat(ds.catalog().items()).noneSatisfy(it -> assertThat(it.title()).contains("\uFFFD"));

    LeaveOneOutSplit split = r.split();
    assertThat(split.numUsers()).isEqualTo(943);
    assertThat(split.tooShortUsers()).isEmpty();
  }

  @Test
  void withoutCoreKeepsEverything() throws IOException {
    LoadResult r = DatasetLoaders.movieLens100k(SharedData.dataDir("ml-100k")).minCore(0).load();
    assertThat(r.statistics().users()).isEqualTo(943);
    assertThat(r.statistics().items()).isEqualTo(1682);
    assertThat(r.statistics().interactions()).isEqualTo(100_000);
  }

  @Test
  void fixtureWithBadGenreFlagsAndWrongFieldCount() throws IOException {
    Fixtures.write(tmp, "u.genre", "unknown|0\nAction|1\n\n");
    Fixtures.write(
        tmp,
        "u.item",
        "1|Heat (1995)|01-Jan-1995||http://x|0|1\n2|Bad (1990)|||u|0|7\n3|Short|x\n");
    Fixtures.write(tmp, "u.data", "1\t1\t5\t10\n1\t1\t4\t11\n");
    assertThatThrownBy(() -> DatasetLoaders.movieLens100k(tmp).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.INVALID_VALUE);
              assertThat(e.field()).hasValue("genre flag 1");
              assertThat(e.getMessage()).contains("u.item:2");
            });
    LoadResult r = DatasetLoaders.movieLens100k(tmp).minCore(0).lenient().load();
    assertThat(r.report().count(ProblemKind.INVALID_VALUE)).isEqualTo(1);
    assertThat(r.report().count(ProblemKind.MALFORMED_RECORD)).isEqualTo(1);
    assertThat(r.dataset().catalog().item(0).genres()).containsExactly("Action");
    assertThat(r.preprocessing().duplicates()).isEqualTo(1);
  }
}
