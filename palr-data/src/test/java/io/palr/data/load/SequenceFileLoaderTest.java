package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.InteractionDataset;
import io.palr.data.ProblemKind;
import io.palr.data.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceFileLoaderTest {
  @TempDir Path tmp;

  @Test
  void beautyGivesThePublishedCountsWithTitles() throws IOException {
    Path dir = SharedData.dataDir("beauty");
    LoadResult r =
        DatasetLoaders.sequences(dir.resolve("user_sequence.txt"))
            .titles(dir.resolve("item_titles.tsv"))
            .minCore(5)
            .load();
    assertThat(r.statistics().users()).isEqualTo(22_363);
    assertThat(r.statistics().items()).isEqualTo(12_101);
    assertThat(r.statistics().interactions()).isEqualTo(198_502);
    assertThat(r.preprocessing().duplicates()).isZero();
    assertThat(r.preprocessing().removedByKCore()).isZero();
    assertThat(r.dataset().name()).isEqualTo("beauty");
    // 7 items have an empty title in the title file: kept, with an empty title, and counted
    assertThat(r.report().count(ProblemKind.MISSING_TITLE)).isEqualTo(7);
    assertThat(r.report().skippedRecords()).isZero();
    InteractionDataset ds = r.dataset();
    Item first = ds.catalog().item(ds.itemAt(0, 0));
    assertThat(first.id()).isEqualTo("B004756YJA");
    assertThat(first.hasTitle()).isTrue();
    assertThat(ds.catalog().item(ds.catalog().indexOf("B000GZES7A").getAsInt()).title()).isEmpty();
    assertThat(ds.userId(0)).isEqualTo("A1YJEY40YUW4SE");
    assertThat(ds.sequence(0)).hasSize(5);
    assertThat(r.split().numUsers()).isEqualTo(22_363);
  }

  @Test
  void titlesUnknownIdsEmptyTitlesAndEntities() throws IOException {
    Path seq = Fixtures.write(tmp, "seq.txt", "u1 a b c\nu2\tb  c\ta\n");
    Path titles =
        Fixtures.write(
            tmp,
            "titles.tsv",
            "asin\ttitle\na\tLip &amp; Cheek &#9733;\nb\t\nzzz\tNot in the data\n");
    LoadResult r = DatasetLoaders.sequences(seq).titles(titles).minCore(0).load();
    InteractionDataset ds = r.dataset();
    assertThat(ds.catalog().item(0).title()).isEqualTo("Lip & Cheek \u2605");
    assertThat(ds.catalog().item(1).title()).isEmpty();
    assertThat(ds.catalog().item(2).title()).isEmpty(); // c: not in the title file at all
    assertThat(r.report().count(ProblemKind.MISSING_TITLE)).isEqualTo(2);
    assertThat(r.report().count(ProblemKind.UNUSED_METADATA)).isEqualTo(1);
    assertThat(r.report().examples())
        .anySatisfy(s -> assertThat(s).contains("titles.tsv:4", "zzz"));
    assertThat(ds.sequence(1)).containsExactly(1, 2, 0);
    assertThat(ds.timestamps(1)).containsExactly(0, 1, 2);
  }

  @Test
  void wrongSeparatorLeavesAUserWithoutItems() throws IOException {
    Path seq = Fixtures.write(tmp, "seq.txt", "u1 a b c\nu2,a,b,c\n");
    assertThatThrownBy(() -> DatasetLoaders.sequences(seq).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.MALFORMED_RECORD);
              assertThat(e.getMessage()).contains("seq.txt:2", "found one token", "u2,a,b,c");
            });
  }

  @Test
  void duplicateUserLineIsAnError() throws IOException {
    Path seq = Fixtures.write(tmp, "seq.txt", "u1 a b\nu2 a\nu1 c\n");
    assertThatThrownBy(() -> DatasetLoaders.sequences(seq).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.DUPLICATE_ID);
              assertThat(e.getMessage()).contains("seq.txt:3", "already on line 1");
            });
    LoadResult r = DatasetLoaders.sequences(seq).minCore(0).lenient().load();
    assertThat(r.report().count(ProblemKind.DUPLICATE_ID)).isEqualTo(1);
    assertThat(r.statistics().interactions()).isEqualTo(3);
  }

  @Test
  void nonUtf8BytesNameTheLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("u1 a b\nu2 a c\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes("u3 caf".getBytes(StandardCharsets.UTF_8));
    b.write(0xE9); // Latin-1 'é' alone: not UTF-8
    b.writeBytes(" b\nu4 b c\n".getBytes(StandardCharsets.UTF_8));
    Path seq = Fixtures.writeBytes(tmp, "seq.txt", b.toByteArray());
    assertThatThrownBy(() -> DatasetLoaders.sequences(seq).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.ENCODING);
              assertThat(e.line()).hasValue(3);
              assertThat(e.getMessage()).contains("seq.txt:3", "UTF-8", "0xe9", "byte offset 20");
            });
    LoadResult r = DatasetLoaders.sequences(seq).minCore(0).lenient().load();
    assertThat(r.report().count(ProblemKind.ENCODING)).isEqualTo(1);
    assertThat(r.statistics().users()).isEqualTo(3);
    assertThat(r.dataset().userIds()).containsExactly("u1", "u2", "u4");
  }

  @Test
  void gzipIsDetectedByMagicBytesNotByName() throws IOException {
    Path seq = Fixtures.gzip(tmp, "sequences.txt", "u1 a b c\nu2 b c\n");
    LoadResult r = DatasetLoaders.sequences(seq).minCore(0).load();
    assertThat(r.statistics().interactions()).isEqualTo(5);
  }

  @Test
  void titleFileWithDuplicateIdIsAnError() throws IOException {
    Path seq = Fixtures.write(tmp, "seq.txt", "u1 a b\n");
    Path titles = Fixtures.write(tmp, "t.tsv", "id\ttitle\na\tA\na\tAgain\n");
    assertThatThrownBy(() -> DatasetLoaders.sequences(seq).titles(titles).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.DUPLICATE_ID);
              assertThat(e.getMessage()).contains("t.tsv:3");
            });
  }
}
