package io.palr.spark.prep;

import static org.assertj.core.api.Assertions.assertThat;

import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.spark.MovieLens100kFixture;
import io.palr.spark.TestSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Spark's preparation of ML-100K against {@code ./palr prepare --format ml-100k}. */
class MovieLens100kPrepareTest {

  @Test
  void countsAndSummaryMatchPalr() throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    var s = f.result().summary();
    assertThat(s.users()).isEqualTo(943);
    assertThat(s.items()).isEqualTo(1349);
    assertThat(s.interactions()).isEqualTo(99_287);
    assertThat(s).isEqualTo(f.reference().preprocessing());
    assertThat(f.result().malformedRows()).isZero();
    assertThat(f.result().splitUsers()).isEqualTo(943);
  }

  @Test
  void everyUserSequenceIsIdenticalToPalrs() throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    InteractionDataset ref = f.reference().dataset();
    InteractionDataset got = f.converted();
    assertThat(got.userIds()).isEqualTo(ref.userIds());
    assertThat(got.catalog().items()).isEqualTo(ref.catalog().items());
    for (int u = 0; u < ref.numUsers(); u++) {
      assertThat(itemIds(got, u)).as("user %s", ref.userId(u)).isEqualTo(itemIds(ref, u));
      assertThat(got.timestamps(u)).isEqualTo(ref.timestamps(u));
    }
    assertThat(got.fingerprint()).isEqualTo(ref.fingerprint());
  }

  @Test
  void splitTableIsPalrsLeaveOneOutSplit() throws Exception {
    MovieLens100kFixture f = MovieLens100kFixture.get();
    LeaveOneOutSplit ref = LeaveOneOutSplit.of(f.reference().dataset());
    List<Row> rows =
        f.prepared().split(TestSpark.session()).orderBy(PreparedData.SPLIT_IDX).collectAsList();
    assertThat(rows).hasSize(ref.numUsers());
    for (int u = 0; u < ref.numUsers(); u++) {
      Row r = rows.get(u);
      assertThat(r.getInt(0)).isEqualTo(u);
      assertThat(r.getString(r.fieldIndex("user_id"))).isEqualTo(ref.userId(u));
      List<Integer> train = r.getList(r.fieldIndex("train"));
      assertThat(train.stream().mapToInt(Integer::intValue).toArray()).isEqualTo(ref.train(u));
      assertThat(r.getInt(r.fieldIndex("validation"))).isEqualTo(ref.validationItem(u));
      assertThat(r.getInt(r.fieldIndex("test"))).isEqualTo(ref.testItem(u));
    }
  }

  private static List<String> itemIds(InteractionDataset d, int u) {
    return Arrays.stream(d.sequence(u)).mapToObj(i -> d.catalog().item(i).id()).toList();
  }
}
