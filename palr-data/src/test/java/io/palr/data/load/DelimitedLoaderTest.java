package io.palr.data.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palr.api.Item;
import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedLoaderTest {
  @TempDir Path tmp;

  @Test
  void headerNamesAreFoundAndQuotedFieldsMayHoldSeparators() throws IOException {
    Path f =
        Fixtures.write(
            tmp,
            "events.csv",
            """
        Timestamp,User_ID,Item_ID,extra
        2021-01-02,"Smith, J.",i1,"a ""quoted"" note"
        2021-01-01T10:00:00Z,"Smith, J.",i2,x
        2021-01-01,u2,i1,"multi
        line"
        """);
    LoadResult r = DatasetLoaders.delimited(f).minCore(0).load();
    assertThat(r.dataset().userIds()).containsExactly("Smith, J.", "u2");
    assertThat(r.dataset().sequence(0)).hasSize(2);
    assertThat(r.dataset().catalog().item(r.dataset().itemAt(0, 0)).id()).isEqualTo("i2");
    assertThat(r.dataset().timestamps(1)).containsExactly(1609459200L);
    assertThat(r.report().recordsAccepted()).isEqualTo(3);
  }

  @Test
  void tsvByIndexWithoutHeaderWithRatingAndTitles() throws IOException {
    Path f = Fixtures.write(tmp, "data.tsv", "u1\t4\tA\t100\nu1\t2\tB\t50\nu2\t5\tA\t70\n");
    Path titles = Fixtures.write(tmp, "titles.tsv", "id\ttitle\nA\tAlpha\nB\tBeta\n");
    LoadResult r =
        DatasetLoaders.delimited(f)
            .separator('\t')
            .header(false)
            .userColumn(0)
            .itemColumn(2)
            .timestampColumn(3)
            .ratingColumn(1)
            .titles(titles)
            .ratingThreshold(3)
            .minCore(0)
            .load();
    assertThat(r.dataset().catalog().items()).extracting(Item::title).containsExactly("Alpha");
    assertThat(r.statistics().interactions()).isEqualTo(2);
    assertThat(r.preprocessing().belowThreshold()).isEqualTo(1);
  }

  @Test
  void wrongSeparatorMissingColumnAndUnterminatedQuote() throws IOException {
    Path semi = Fixtures.write(tmp, "semi.csv", "user;item;timestamp\nu1;i1;1\n");
    assertThatThrownBy(() -> DatasetLoaders.delimited(semi).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.MALFORMED_RECORD);
              assertThat(e.getMessage())
                  .contains("semi.csv:1", "no user column", "[user;item;timestamp]");
            });
    Path noTime = Fixtures.write(tmp, "nt.csv", "user,item\nu1,i1\nu1,i2\n");
    LoadResult r = DatasetLoaders.delimited(noTime).minCore(0).load();
    assertThat(r.dataset().timestamps(0)).containsExactly(1, 2);

    Path quote = Fixtures.write(tmp, "q.csv", "user,item,timestamp\nu1,i1,1\nu1,\"i2,2\n");
    assertThatThrownBy(() -> DatasetLoaders.delimited(quote).lenient().load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.getMessage()).contains("q.csv", "CSV syntax error");
            });
  }

  @Test
  void nonUtf8RecordIsNamedOrSkippedAndCounted() throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes(
        "user,item,timestamp\nu1,i1,1\nu1,caf".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    b.write(0xE9);
    b.writeBytes(",2\nu2,i1,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path f = Fixtures.writeBytes(tmp, "latin.csv", b.toByteArray());
    assertThatThrownBy(() -> DatasetLoaders.delimited(f).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.ENCODING);
              assertThat(e.line()).hasValue(3);
            });
    LoadResult r = DatasetLoaders.delimited(f).minCore(0).lenient().load();
    assertThat(r.report().count(ProblemKind.ENCODING)).isEqualTo(1);
    assertThat(r.report().examples()).anySatisfy(s -> assertThat(s).contains("latin.csv:3"));
    assertThat(r.statistics().interactions()).isEqualTo(2);
  }

  @Test
  void badTimestampNamesTheColumn() throws IOException {
    Path f = Fixtures.write(tmp, "t.csv", "user,item,ts\nu1,i1,1\nu1,i2,yesterday\n");
    assertThatThrownBy(() -> DatasetLoaders.delimited(f).minCore(0).load())
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.field()).hasValue("ts");
              assertThat(e.line()).hasValue(3);
            });
  }
}
