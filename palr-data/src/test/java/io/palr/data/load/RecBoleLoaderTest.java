package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.data.DatasetFormatException;
import io.palr.data.InteractionDataset;
import io.palr.data.ProblemKind;
import io.palr.data.SharedData;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleLoaderTest {
  @TempDir Path tmp;

  @Test
  void amazonGamesTestInterRebuildsFullSequences() throws IOException {
    Path dir = SharedData.dataDir("amazon-games");
    LoadResult r = DatasetLoaders.recBole(dir).minCore(0).load();
    // SOURCE.txt: 50,546 users, 16,859 items, history + target totals 440,264 interactions
    assertThat(r.statistics().users()).isEqualTo(50_546);
    assertThat(r.statistics().items()).isEqualTo(16_859);
    assertThat(r.statistics().interactions()).isEqualTo(440_264);
    assertThat(r.report().count(ProblemKind.MISSING_TITLE)).isZero();
    assertThat(r.report().skippedRecords()).isZero();
    InteractionDataset ds = r.dataset();
    assertThat(ds.name()).isEqualTo("Games");
    assertThat(ds.userId(0)).isEqualTo("0");
    assertThat(ds.length(0)).isEqualTo(15);
    assertThat(ds.catalog().item(ds.itemAt(0, 14)).id()).isEqualTo("14");
    assertThat(ds.catalog().item(0).title()).isEqualTo("Fire Emblem: The Sacred Stones");
    assertThat(ds.catalog().items()).noneSatisfy(it -> assertThat(it.title()).contains("&amp;"));
    assertThat(ds.catalog().items()).anySatisfy(it -> assertThat(it.title()).contains(" & "));
  }

  @Test
  void atomicInterFileWithTimestamps() throws IOException {
    Fixtures.write(
        tmp,
        "toy.item",
        "item_id:token\ttitle:token_seq\tbrand:token\n"
            + "i1\tTom &amp; Jerry\tWB\ni2\tCat\t\ni3\t\t\n");
    Fixtures.write(
        tmp,
        "toy.inter",
        "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
            + "u1\ti2\t5.0\t200.0\nu1\ti1\t3.0\t100.0\nu1\ti3\t4.0\t300.5\n");
    LoadResult r = DatasetLoaders.recBole(tmp).minCore(0).load();
    InteractionDataset ds = r.dataset();
    assertThat(ds.sequence(0)).containsExactly(0, 1, 2);
    assertThat(ds.timestamps(0)).containsExactly(100, 200, 300);
    assertThat(ds.catalog().item(0).title()).isEqualTo("Tom & Jerry");
    assertThat(ds.catalog().item(0).brand()).hasValue("WB");
    assertThat(r.report().count(ProblemKind.MISSING_TITLE)).isEqualTo(1);
  }

  @Test
  void unknownItemInSequenceIsAnError() throws IOException {
    Fixtures.write(tmp, "g.item", "item_id:token\ttitle:token_seq\n0\tA\n1\tB\n");
    Fixtures.write(
        tmp,
        "g.test.inter",
        "user_id:token\titem_id_list:token_seq\titem_id:token\n0\t0 1\t1\n1\t0 7\t1\n");
    assertThatThrownBy(() -> DatasetLoaders.recBole(tmp).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.UNKNOWN_ITEM);
              assertThat(e.getMessage()).contains("g.test.inter:3", "'7' is not in g.item");
            });
    LoadResult r = DatasetLoaders.recBole(tmp.resolve("g.test.inter")).minCore(0).lenient().load();
    assertThat(r.report().count(ProblemKind.UNKNOWN_ITEM)).isEqualTo(1);
    assertThat(r.statistics().users()).isEqualTo(1);
    assertThat(r.preprocessing().duplicates()).isEqualTo(1);
  }

  @Test
  void headerWithoutTypesAndMissingFilesAreClear() throws IOException {
    Fixtures.write(tmp, "h.item", "item_id\ttitle\n0\tA\n");
    Fixtures.write(tmp, "h.inter", "user_id:token\titem_id:token\n0\t0\n");
    assertThatThrownBy(() -> DatasetLoaders.recBole(tmp).minCore(0).load())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("h.item:1")
        .hasMessageContaining("name:type");
    assertThatThrownBy(() -> DatasetLoaders.recBole(tmp.resolve("nothing-here")).load())
        .isInstanceOf(NoSuchFileException.class);
  }
}
